/**
 * @module Measures an intent classifier on the held-out labelled set: accuracy per intent
 * and per variant, macro-F1, out-of-scope precision and recall, what the engine would do
 * with each message (decideIntent), speed and model size. Shared by `npm run eval:nlu`
 * and the test that guards the targets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FlowDefinition } from '../../src/flows/flow-schema.ts';
import { DEFAULT_FLOWS_DIR, readFlows } from '../../src/flows/load-flows.ts';
import { decideIntent } from '../../src/nlu/decide-intent.ts';
import type { IntentResult } from '../../src/nlu/intent-classifier.ts';
import type { IntentTraining } from '../../src/nlu/intent-classifier.ts';
import { foldToken } from '../../src/nlu/fold.ts';
import { words } from '../../src/nlu/normalize.ts';
import { parseLabelled, type LabelledUtterance } from '../../src/nlu/training-data.ts';

/** Batch 1 was looked at while the method was developed; batch 2 was written after it was frozen. */
export const HELDOUT_FILES = {
  'batch 1': fileURLToPath(new URL('./heldout.tsv', import.meta.url)),
  'batch 2 (fresh)': fileURLToPath(new URL('./heldout-fresh.tsv', import.meta.url)),
};
export const FIXTURE_FLOWS_DIR = fileURLToPath(new URL('./fixtures/flows', import.meta.url));

export function heldOutBatches(): { name: string; rows: LabelledUtterance[] }[] {
  return Object.entries(HELDOUT_FILES).map(([name, file]) => ({ name, rows: parseLabelled(readFileSync(file, 'utf8'), file) }));
}

/** Every held-out utterance (both batches). */
export function heldOut(): LabelledUtterance[] {
  return heldOutBatches().flatMap((b) => b.rows);
}

/**
 * The repository's flows, with the test fixtures standing in for procedures whose flow file
 * does not exist yet (so the evaluation runs while the catalogue is being written).
 */
export function evaluationFlows(): { flows: FlowDefinition[]; fromRepo: string[]; fromFixtures: string[] } {
  const repo = existsSync(DEFAULT_FLOWS_DIR) ? readFlows(DEFAULT_FLOWS_DIR).flows : [];
  const have = new Set(repo.map((f) => f.id));
  const fixtures = readFlows(FIXTURE_FLOWS_DIR).flows.filter((f) => !have.has(f.id));
  return { flows: [...repo, ...fixtures], fromRepo: repo.map((f) => f.id), fromFixtures: fixtures.map((f) => f.id) };
}

/** Words as typed (folded, shorthand and typos left alone: fixing them is what is being tested). */
function wordSet(text: string): Set<string> {
  return new Set(words(text).map(foldToken));
}

/**
 * Held-out utterances that are (nearly) the same as a training utterance: same words, or
 * word sets with a Jaccard similarity of at least `threshold`. The flows are written by
 * other people at other times, so such overlaps happen by chance and would flatter the figures.
 */
export function nearDuplicates(rows: readonly LabelledUtterance[], training: readonly IntentTraining[], threshold = 0.75): Map<LabelledUtterance, string> {
  const train = training.flatMap((t) => t.examples.map((e) => ({ text: e, words: wordSet(e) })));
  const out = new Map<LabelledUtterance, string>();
  for (const row of rows) {
    const w = wordSet(row.text);
    for (const t of train) {
      let shared = 0;
      for (const x of w) if (t.words.has(x)) shared++;
      const jaccard = shared / (w.size + t.words.size - shared || 1);
      if (jaccard >= threshold) {
        out.set(row, t.text);
        break;
      }
    }
  }
  return out;
}

export interface Tally {
  n: number;
  correct: number;
}

export interface Report {
  n: number;
  accuracy: number;
  inScopeAccuracy: number;
  perIntent: Record<string, Tally & { precision: number; recall: number; f1: number }>;
  perVariant: Record<string, Tally>;
  macroF1: number;
  oos: { precision: number; recall: number };
  /** What decideIntent would do: the right procedure, a clarifying question listing it, or something else. */
  decisions: { inScopeRight: number; inScopeClarified: number; inScopeWrong: number; oosNone: number; oosClarify: number; oosService: number; oosProcedure: number };
  errors: { row: LabelledUtterance; got: string; confidence: number }[];
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function evaluate(classify: (text: string) => IntentResult | string, rows: readonly LabelledUtterance[], flowIds: readonly string[]): Report {
  const perIntent: Report['perIntent'] = {};
  const perVariant: Report['perVariant'] = {};
  const predicted = new Map<string, number>();
  const errors: Report['errors'] = [];
  const decisions = { inScopeRight: 0, inScopeClarified: 0, inScopeWrong: 0, oosNone: 0, oosClarify: 0, oosService: 0, oosProcedure: 0 };
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  for (const row of rows) {
    const r = classify(row.text);
    const result: IntentResult = typeof r === 'string' ? { intent: r, confidence: 1, alternatives: [] } : r;
    const ok = result.intent === row.intent;
    const i = (perIntent[row.intent] ??= { n: 0, correct: 0, precision: 0, recall: 0, f1: 0 });
    const v = (perVariant[row.variant] ??= { n: 0, correct: 0 });
    i.n++;
    v.n++;
    predicted.set(result.intent, (predicted.get(result.intent) ?? 0) + 1);
    if (ok) {
      correct++;
      i.correct++;
      v.correct++;
    } else errors.push({ row, got: result.intent, confidence: result.confidence });
    if (row.intent !== 'none') {
      inScope++;
      if (ok) inScopeCorrect++;
    }
    if (typeof r !== 'string') {
      const d = decideIntent(result, flowIds);
      if (row.intent === 'none') {
        if (d.kind === 'none') decisions.oosNone++;
        else if (d.kind === 'clarify') decisions.oosClarify++;
        else if (flowIds.includes(d.intent)) decisions.oosProcedure++;
        else decisions.oosService++;
      } else if (d.kind === 'intent' && d.intent === row.intent) decisions.inScopeRight++;
      else if (d.kind === 'clarify' && d.options.includes(row.intent)) decisions.inScopeClarified++;
      else decisions.inScopeWrong++;
    }
  }
  let f1Sum = 0;
  for (const [intent, t] of Object.entries(perIntent)) {
    t.precision = ratio(t.correct, predicted.get(intent) ?? 0);
    t.recall = ratio(t.correct, t.n);
    t.f1 = ratio(2 * t.precision * t.recall, t.precision + t.recall);
    f1Sum += t.f1;
  }
  const none = perIntent['none'];
  return {
    n: rows.length,
    accuracy: ratio(correct, rows.length),
    inScopeAccuracy: ratio(inScopeCorrect, inScope),
    perIntent,
    perVariant,
    macroF1: ratio(f1Sum, Object.keys(perIntent).length),
    oos: { precision: none?.precision ?? 0, recall: none?.recall ?? 0 },
    decisions,
    errors,
  };
}

/** Classifications per second over `texts`, repeated for at least `ms` on this thread. */
export function throughput(classify: (text: string) => unknown, texts: readonly string[], ms = 1_000): number {
  for (const t of texts) classify(t); // warm-up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const t of texts) classify(t);
    n += texts.length;
  }
  return n / ((performance.now() - start) / 1_000);
}
