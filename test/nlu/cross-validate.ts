/**
 * @module Model selection without touching the held-out figures' meaning: 5-fold
 * cross-validation over every labelled utterance (training.tsv and both held-out batches),
 * repeated with three fold assignments; the flows' examples are always in training.
 * `node --import tsx test/nlu/cross-validate.ts '{"name": {options}, ...}'` compares options
 * of createIntentClassifier (e.g. '{"nb": {"regression": 0}, "blend": {}}').
 */
import { intentTraining } from '../../src/nlu/build-intent-classifier.ts';
import { createIntentClassifier, type IntentClassifierOptions } from '../../src/nlu/intent-classifier.ts';
import { builtinUtterances, byIntent } from '../../src/nlu/training-data.ts';
import { evaluate, evaluationFlows, heldOut } from './evaluate.ts';

const K = 5;
const SALTS = [7, 13, 101];

function fold(text: string, salt: number): number {
  let x = salt;
  for (const ch of text) x = (Math.imul(x, 31) + ch.charCodeAt(0)) >>> 0;
  return x % K;
}

const { flows } = evaluationFlows();
const fromFlows = intentTraining(flows).slice(0, flows.length);
const flowIds = flows.map((f) => f.id);
const all = [...builtinUtterances(), ...heldOut()];
const configs = JSON.parse(process.argv[2] ?? '{"default": {}}') as Record<string, IntentClassifierOptions>;

for (const [name, options] of Object.entries(configs)) {
  let n = 0;
  let correct = 0;
  let inScope = 0;
  let inScopeCorrect = 0;
  let oos = 0;
  let oosCorrect = 0;
  let oosProcedure = 0;
  const variants: Record<string, [number, number]> = {};
  for (const salt of SALTS) {
    for (let f = 0; f < K; f++) {
      const train = all.filter((r) => fold(r.text, salt) !== f);
      const test = all.filter((r) => fold(r.text, salt) === f);
      const c = createIntentClassifier([...fromFlows, ...byIntent(train)], options);
      const r = evaluate((t) => c.classify(t), test, flowIds);
      n += r.n;
      correct += Math.round(r.accuracy * r.n);
      const none = r.perIntent['none'];
      inScope += r.n - (none?.n ?? 0);
      inScopeCorrect += Math.round(r.inScopeAccuracy * (r.n - (none?.n ?? 0)));
      oos += none?.n ?? 0;
      oosCorrect += none?.correct ?? 0;
      oosProcedure += r.decisions.oosProcedure;
      for (const [v, t] of Object.entries(r.perVariant)) {
        const x = (variants[v] ??= [0, 0]);
        x[0] += t.correct;
        x[1] += t.n;
      }
    }
  }
  const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
  console.log(
    `${name.padEnd(16)} all ${pct(correct, n)}  in-scope ${pct(inScopeCorrect, inScope)}  oos recall ${pct(oosCorrect, oos)}  ` +
      `oos→procedure ${oosProcedure}/${oos}  | ${Object.entries(variants).map(([v, [a, b]]) => `${v} ${pct(a, b)}`).join('  ')}`,
  );
}
