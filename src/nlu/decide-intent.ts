/**
 * @module What the engine does with a classification: start the procedure, ask which of two
 * or three procedures was meant, or say honestly that the request is out of scope. Starting
 * a wrong procedure costs the citizen most (they answer questions that lead nowhere), so
 * a procedure starts only above a high confidence; asking costs one tap.
 */
import { NONE_INTENT, type IntentResult } from './intent-classifier.ts';

/** Confidence at which a procedure starts without asking (chosen on the held-out set: see test/nlu). */
export const INTENT_THRESHOLD = 0.6;
/** `status`, `human` and `help` are cheap to act on and easy to leave: a lower bar. */
export const SERVICE_THRESHOLD = 0.45;
/** A procedure below this is not offered as a choice. */
export const CLARIFY_MIN = 0.08;
/** Below this for the likeliest procedure, there is nothing worth offering: out of scope. */
export const CLARIFY_TOP_MIN = 0.25;

/** With nothing confident, this much `help` means a vague request rather than an out-of-scope one. */
export const VAGUE_HELP_MIN = 0.15;

export const SERVICE_INTENTS: readonly string[] = ['status', 'human', 'help'];

export type IntentDecision =
  | { kind: 'intent'; intent: string }
  | { kind: 'clarify'; options: string[] }
  | { kind: 'none' };

export interface DecideOptions {
  threshold?: number;
}

/**
 * @param flowIds the procedures that exist; by default every intent that is not `status`,
 * `human`, `help` or `none`.
 */
export function decideIntent(result: IntentResult, flowIds?: readonly string[], opts: DecideOptions = {}): IntentDecision {
  const threshold = opts.threshold ?? INTENT_THRESHOLD;
  const isFlow = (intent: string): boolean =>
    flowIds ? flowIds.includes(intent) : intent !== NONE_INTENT && !SERVICE_INTENTS.includes(intent);
  const ranked = [{ intent: result.intent, confidence: result.confidence }, ...result.alternatives];

  if (isFlow(result.intent) && result.confidence >= threshold) return { kind: 'intent', intent: result.intent };
  if (SERVICE_INTENTS.includes(result.intent) && result.confidence >= SERVICE_THRESHOLD) return { kind: 'intent', intent: result.intent };
  // Confidently out of scope: never offer procedures for a passport request.
  if (result.intent === NONE_INTENT && result.confidence >= 0.5) return { kind: 'none' };

  const flows = ranked.filter((r) => isFlow(r.intent));
  const top = flows[0];
  if (!top || top.confidence < CLARIFY_TOP_MIN) {
    // Unsure between "out of scope" and "needs the menu" ("đăng ký", "làm giấy tờ"): the menu
    // is the kinder answer to a vague request, and still lists what is not on offer by omission.
    const help = ranked.find((r) => r.intent === 'help');
    return help && help.confidence >= VAGUE_HELP_MIN ? { kind: 'intent', intent: 'help' } : { kind: 'none' };
  }
  const likely = flows.filter((r) => r.confidence >= CLARIFY_MIN).slice(0, 3);
  // Two at least, so the question is a real choice (the second may be a long shot).
  const options = (likely.length >= 2 ? likely : flows.slice(0, 2)).map((r) => r.intent);
  if (options.length < 2) return options.length === 1 && top.confidence >= threshold ? { kind: 'intent', intent: top.intent } : { kind: 'none' };
  return { kind: 'clarify', options };
}
