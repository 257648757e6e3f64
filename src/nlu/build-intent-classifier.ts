/**
 * @module The engine's classifier: trained from the flows' examples and titles plus the
 * built-in utterances, once per set of flows (cached by content), in well under a second.
 */
import type { FlowDefinition } from '../flows/flow-schema.ts';
import { createIntentClassifier, type IntentClassifier, type IntentTraining } from './intent-classifier.ts';
import { builtinUtterances, byIntent } from './training-data.ts';

/** Everything the classifier learns from, for these flows. */
export function intentTraining(flows: readonly FlowDefinition[]): IntentTraining[] {
  const fromFlows = flows.map((f) => ({ intent: f.id, examples: [...f.examples, f.title.vi, f.title.en] }));
  const ids = new Set(flows.map((f) => f.id));
  const builtin = byIntent(builtinUtterances())
    // Extra wordings of a procedure only count while that procedure exists.
    .filter((t) => ['status', 'human', 'help', 'none'].includes(t.intent) || ids.has(t.intent));
  return [...fromFlows, ...builtin];
}

const cache = new Map<string, IntentClassifier>();
const CACHE_LIMIT = 4;

/**
 * A classifier for these flows; the same flows (same ids, versions, titles and examples)
 * return the same trained model.
 */
export function buildIntentClassifier(flows: readonly FlowDefinition[]): IntentClassifier {
  const key = JSON.stringify(flows.map((f) => [f.id, f.version, f.title, f.examples]));
  let c = cache.get(key);
  if (!c) {
    c = createIntentClassifier(intentTraining(flows));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, c);
  }
  return c;
}
