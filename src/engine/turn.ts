/**
 * @module One message's work in progress: the inbound message, the session being changed,
 * the replies collected so far, and the dependencies — passed to every handler.
 */
import type { InboundMessage, Locale, OutboundMessage } from '../channels/channel.ts';
import type { Dossier } from '../dossiers/dossier.ts';
import type { SupplementAnswers } from '../dossiers/supplement.ts';
import type { FieldError, FieldType, PhotoLimits } from '../fields/field-type.ts';
import type { Step, StepType } from '../flows/flow-schema.ts';
import type { FlowRegistry } from '../flows/flow-registry.ts';
import type { Text } from '../i18n/text.ts';
import type { Translate } from '../i18n/locales.ts';
import type { MediaStore } from '../media/media-store.ts';
import type { Store } from '../store/store.ts';
import type { LanguageUnderstanding } from './language-understanding.ts';
import type { OfficialLinks } from './link-official.ts';
import type { Session } from './session.ts';

export type FieldRegistry = { [K in StepType]: FieldType<Extract<Step, { type: K }>> };

/** The field type for a step (the registry maps each step type to its own implementation). */
export function fieldOf(fields: FieldRegistry, step: Step): FieldType<Step> {
  return fields[step.type] as FieldType<Step>;
}

export interface EngineSettings {
  defaultLocale: Locale;
  photoLimits: PhotoLimits;
  /** Who controls the personal data (named in the consent request). */
  controller: Text;
  /** Where and how to reach an official in person or by phone. */
  office: Text;
  /** Days an unfinished procedure is kept without activity. */
  retentionDays: number;
}

export interface DossierActions {
  completeSupplement(code: string, input: SupplementAnswers): Promise<Dossier | null>;
}

export interface EngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface EngineDeps {
  flows: FlowRegistry;
  store: Store;
  media: MediaStore;
  nlu: LanguageUnderstanding;
  fields: FieldRegistry;
  t: Translate;
  settings: EngineSettings;
  log: EngineLogger;
  now?: () => Date;
  /** Called once per new dossier (gateway, notifications). Failures are logged, not shown. */
  onSubmitted?: (dossier: Dossier) => Promise<void>;
  /**
   * Dossier changes the citizen makes in chat that others must hear about (the service pushes
   * the status change to followers). Without it the engine only updates the store.
   */
  dossierActions?: DossierActions;
  /** Links an official's own chat to their console account ("liên kết 123456"); absent → no linking. */
  officialLinks?: OfficialLinks;
}

export interface Turn {
  readonly msg: InboundMessage;
  readonly deps: EngineDeps;
  readonly now: Date;
  session: Session;
  readonly replies: OutboundMessage[];
  /** "Delete my data" ran: the session is removed, not saved. */
  erased: boolean;
  /** Nothing was stored for this chat: a first contact (or one after the data expired). */
  fresh: boolean;
}

export function tr(turn: Turn, key: string, params?: Record<string, string | number>): string {
  return turn.deps.t(turn.session.locale, key, params);
}

export function say(turn: Turn, message: OutboundMessage | string): void {
  turn.replies.push(typeof message === 'string' ? { text: message } : message);
}

const NAMESPACES = ['fields.', 'nlu.', 'address.', 'engine.'];

/** Renders a field's error or note: keys name a locale text, `fields.` unless namespaced. */
export function fieldMessage(turn: Turn, e: FieldError): string {
  const key = NAMESPACES.some((n) => e.key.startsWith(n)) ? e.key : `fields.${e.key}`;
  return tr(turn, key, e.params);
}
