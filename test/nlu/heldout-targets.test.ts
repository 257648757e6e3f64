/**
 * The targets, measured on the held-out set (test/nlu/heldout.tsv) minus any
 * utterance that happens to nearly repeat a training example: CI fails if accuracy regresses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { intentTraining } from '../../src/nlu/build-intent-classifier.ts';
import { createIntentClassifier, type IntentClassifier } from '../../src/nlu/intent-classifier.ts';
import { evaluate, evaluationFlows, heldOut, nearDuplicates, throughput, type Report } from './evaluate.ts';

let classifier: IntentClassifier;
let report: Report;
let texts: string[];

beforeAll(() => {
  const { flows } = evaluationFlows();
  const training = intentTraining(flows);
  classifier = createIntentClassifier(training);
  const all = heldOut();
  const dupes = nearDuplicates(all, training);
  const rows = all.filter((r) => !dupes.has(r));
  texts = rows.map((r) => r.text);
  report = evaluate((t) => classifier.classify(t), rows, flows.map((f) => f.id));
});

const share = (r: Report, ...variants: string[]): number => {
  const n = variants.reduce((s, v) => s + (r.perVariant[v]?.n ?? 0), 0);
  const ok = variants.reduce((s, v) => s + (r.perVariant[v]?.correct ?? 0), 0);
  return ok / n;
};

describe('intent classification on held-out utterances', () => {
  it('has enough held-out utterances of every kind to mean something', () => {
    for (const v of ['diacritics', 'plain', 'abbrev', 'typo', 'long', 'english', 'oos']) expect(report.perVariant[v]?.n ?? 0, v).toBeGreaterThanOrEqual(10);
  });

  it('meets the accuracy targets', () => {
    expect(share(report, 'diacritics')).toBeGreaterThanOrEqual(0.95);
    expect(share(report, 'plain')).toBeGreaterThanOrEqual(0.92);
    expect(share(report, 'abbrev', 'typo')).toBeGreaterThanOrEqual(0.85);
    expect(report.oos.recall).toBeGreaterThanOrEqual(0.85);
    expect(report.inScopeAccuracy).toBeGreaterThanOrEqual(0.92);
  });

  it('never starts a procedure for an out-of-scope request', () => {
    expect(report.decisions.oosProcedure).toBe(0);
  });

  it('trains in under a second, stays small and classifies thousands per second', () => {
    expect(classifier.trainingMs).toBeLessThan(1_000);
    expect(classifier.modelBytes).toBeLessThan(20 * 1024 * 1024);
    // The first few hundred milliseconds are the JIT warming up: measure after it.
    throughput((t) => classifier.classify(t), texts, 500);
    expect(throughput((t) => classifier.classify(t), texts, 500)).toBeGreaterThan(5_000);
  });
});
