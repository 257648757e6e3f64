/**
 * @module A dossier's answers as officials read them: the step's label from the flow, the value
 * through the field type's `display` (dates dd/mm/yyyy, phones spaced, addresses as text,
 * choices by label), photos as media ids — and the steps a supplement may ask for again.
 */
import type { Locale } from '../../channels/channel.ts';
import type { Dossier } from '../../dossiers/dossier.ts';
import type { FieldRegistry } from '../../engine/turn.ts';
import type { Json } from '../../fields/field-type.ts';
import { applies, type CompiledFlow } from '../../flows/compile-flow.ts';
import type { Step } from '../../flows/flow-schema.ts';
import { pick } from '../../i18n/text.ts';

export interface AnswerRow {
  stepId: string;
  label: string;
  /** The readable value (empty for photo steps: see `photos`). */
  text: string;
  /** Media ids, for photo steps. */
  photos: string[];
  sensitive: boolean;
}

export interface StepChoice {
  id: string;
  label: string;
  kind: 'photo' | 'field';
}

function photoIds(v: Json | undefined): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A step's label in `locale`, or its id when the flow (or this step) is no longer loaded. */
export function stepLabel(flow: CompiledFlow | undefined, stepId: string, locale: Locale): string {
  const step = flow?.steps.get(stepId);
  return step ? pick(step.label, locale) : stepId;
}

/** A value as the citizen's summary shows it; JSON when the step is unknown or the value odd. */
export function displayValue(fields: FieldRegistry, step: Step | undefined, value: Json | undefined, locale: Locale): string {
  if (value === undefined || value === null) return '—';
  if (!step) return typeof value === 'string' ? value : JSON.stringify(value);
  try {
    return (fields[step.type] as { display(v: Json, s: Step, l: Locale): string }).display(value, step, locale);
  } catch {
    return JSON.stringify(value);
  }
}

/** Every answer in flow order, then answers to steps the current flow no longer has. */
export function answerRows(d: Dossier, flow: CompiledFlow | undefined, fields: FieldRegistry, locale: Locale): AnswerRow[] {
  const rows: AnswerRow[] = [];
  const seen = new Set<string>();
  const add = (stepId: string, step: Step | undefined): void => {
    const value = d.answers[stepId];
    seen.add(stepId);
    const isPhoto = step?.type === 'photo';
    rows.push({
      stepId,
      label: step ? pick(step.label, locale) : stepId,
      text: isPhoto ? '' : displayValue(fields, step, value, locale),
      photos: isPhoto ? photoIds(value) : [],
      sensitive: step?.type === 'photo' ? step.sensitive : step?.type === 'cccd',
    });
  };
  for (const step of flow?.flow.steps ?? []) if (step.id in d.answers) add(step.id, step);
  for (const id of Object.keys(d.answers)) if (!seen.has(id)) add(id, undefined);
  return rows;
}

/** Photos of the dossier that no answer shows (kept from before a supplement replaced them). */
export function otherPhotos(d: Dossier, rows: AnswerRow[]): string[] {
  const shown = new Set(rows.flatMap((r) => r.photos));
  return d.photos.filter((id) => !shown.has(id));
}

/**
 * The steps officials may ask for again: those that applied to this dossier's answers
 * (optional ones the citizen skipped included), photos and fields apart.
 */
export function supplementChoices(d: Dossier, flow: CompiledFlow | undefined, today: string, locale: Locale): StepChoice[] {
  if (!flow) return Object.keys(d.answers).map((id) => ({ id, label: id, kind: 'field' as const }));
  return flow.flow.steps
    .filter((s) => s.id in d.answers || applies(s, d.answers, today))
    .map((s) => ({ id: s.id, label: pick(s.label, locale), kind: s.type === 'photo' ? ('photo' as const) : ('field' as const) }));
}
