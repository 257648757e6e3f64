/**
 * @module What the engine needs from language understanding. The implementation lives in
 * src/nlu (natural-based classifier, matchers); the engine only sees this port.
 */
import type { Locale } from '../channels/channel.ts';
import type { FlowDefinition, StepType } from '../flows/flow-schema.ts';
import type { CommandName } from './choice-values.ts';

export type Command =
  | { name: CommandName }
  | { name: 'language'; locale?: Locale }
  | { name: 'status'; code?: string };

export type IntentDecision =
  | { kind: 'intent'; intent: string }
  | { kind: 'clarify'; options: string[] }
  | { kind: 'none' };

export type OptionMatch = { kind: 'match'; indexes: number[] } | { kind: 'ambiguous'; indexes: number[] } | { kind: 'none' };

export interface LanguageUnderstanding {
  /** Which procedure (a flow id) or `status` / `human` / `help` a free-text message asks for. */
  detectIntent(text: string): IntentDecision;
  /**
   * A global command typed as words ("quay lại", "huy", "/help"), or null for an ordinary
   * answer. `step` is the type of the step being answered: on a name step "huy" is a name.
   */
  matchCommand(text: string, ctx?: { step?: StepType }): Command | null;
  /** An answer to a question about the procedure ("lệ phí bao nhiêu?"), or null when it is not a question. */
  answerQuestion(text: string, flow: FlowDefinition, locale: Locale): string | null;
  /** An honest "not supported yet — go here instead" for out-of-scope requests. */
  outOfScopeReply(text: string, locale: Locale): string;
  /** Which of `labels` the text picks: by number, label, folded or fuzzily. */
  matchOption(text: string, labels: string[], opts?: { multiple?: boolean }): OptionMatch;
  yesNo(text: string): boolean | null;
}
