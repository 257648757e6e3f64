/**
 * @module `npm run eval:nlu`: trains on the flows' examples and the built-in utterances,
 * measures on the held-out set only (test/nlu/heldout.tsv), and prints motcua's classifier
 * beside natural's plain BayesClassifier (default tokenizer and stemmer) trained on the same data.
 */
import { BayesClassifier } from 'natural/lib/natural/classifiers/index.js';
import v8 from 'node:v8';
import vm from 'node:vm';
import { intentTraining } from '../../src/nlu/build-intent-classifier.ts';
import { createIntentClassifier } from '../../src/nlu/intent-classifier.ts';
import { evaluate, evaluationFlows, heldOut, heldOutBatches, nearDuplicates, throughput, type Report } from './evaluate.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const { flows, fromRepo, fromFixtures } = evaluationFlows();
const flowIds = flows.map((f) => f.id);
const training = intentTraining(flows);
const rows = heldOut();
const texts = rows.map((r) => r.text);

const before = heapAfterGc();
const t0 = performance.now();
const ours = createIntentClassifier(training);
const trainMs = performance.now() - t0;
const heapDelta = heapAfterGc() - before;
const oursReport = evaluate((t) => ours.classify(t), rows, flowIds);
const oursSpeed = throughput((t) => ours.classify(t), texts);

const b0 = performance.now();
const baseline = new BayesClassifier();
for (const t of training) for (const e of t.examples) baseline.addDocument(e, t.intent);
baseline.train();
const baseTrainMs = performance.now() - b0;
const baseReport = evaluate((t) => baseline.classify(t), rows, flowIds);
const baseSpeed = throughput((t) => baseline.classify(t), texts, 500);

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const pad = (s: string, n: number): string => s.padEnd(n);
const row = (label: string, a: string, b: string): string => `  ${pad(label, 34)}${pad(a, 34)}${b}`;

const trainingCount = training.reduce((n, t) => n + t.examples.length, 0);
console.log(`motcua NLU evaluation — held-out set only (${rows.length} utterances; trained on ${trainingCount})`);
console.log(`flows: ${fromRepo.length ? `flows/ (${fromRepo.join(', ')})` : 'none in flows/'}${fromFixtures.length ? `; test fixtures for ${fromFixtures.join(', ')}` : ''}\n`);
console.log(row('', 'motcua', 'natural BayesClassifier (default)'));
console.log(row('top-1 accuracy (all)', pct(oursReport.accuracy), pct(baseReport.accuracy)));
console.log(row('in-scope top-1 accuracy', pct(oursReport.inScopeAccuracy), pct(baseReport.inScopeAccuracy)));
console.log(row('macro-F1', oursReport.macroF1.toFixed(3), baseReport.macroF1.toFixed(3)));
console.log(row('out-of-scope precision', pct(oursReport.oos.precision), pct(baseReport.oos.precision)));
console.log(row('out-of-scope recall', pct(oursReport.oos.recall), pct(baseReport.oos.recall)));
console.log(row('classifications/s (one core)', Math.round(oursSpeed).toLocaleString('en'), Math.round(baseSpeed).toLocaleString('en')));
console.log(row('training time', `${trainMs.toFixed(0)} ms`, `${baseTrainMs.toFixed(0)} ms`));
console.log(row('model memory', `${(ours.modelBytes / 1e6).toFixed(2)} MB (heap +${(heapDelta / 1e6).toFixed(2)} MB)`, '—'));

console.log('\nper variant (top-1 accuracy)');
const variants = [...new Set(rows.map((r) => r.variant))];
for (const v of variants) {
  const a = oursReport.perVariant[v]!;
  const b = baseReport.perVariant[v]!;
  console.log(row(`${v} (${a.n})`, `${pct(a.correct / a.n)}`, pct(b.correct / b.n)));
}
const abbrevTypo = (r: Report): number => {
  const a = r.perVariant['abbrev'];
  const t = r.perVariant['typo'];
  return ((a?.correct ?? 0) + (t?.correct ?? 0)) / ((a?.n ?? 0) + (t?.n ?? 0) || 1);
};
console.log(row('abbrev + typo', pct(abbrevTypo(oursReport)), pct(abbrevTypo(baseReport))));

console.log('\nper intent (recall / precision / F1)');
for (const [intent, t] of Object.entries(oursReport.perIntent)) {
  const b = baseReport.perIntent[intent]!;
  const fmt = (x: typeof t): string => `${pct(x.recall)} / ${pct(x.precision)} / ${x.f1.toFixed(2)}`;
  console.log(`  ${pad(`${intent} (${t.n})`, 24)}${pad(fmt(t), 30)}${fmt(b)}`);
}

console.log('\nmotcua on parts of the held-out set');
const dupes = nearDuplicates(rows, training);
const subsets = [
  ...heldOutBatches(),
  { name: `all minus ${dupes.size} near-duplicates of training`, rows: rows.filter((r) => !dupes.has(r)) },
];
console.log(`  ${pad('', 44)}${pad('n', 6)}${pad('all', 8)}${pad('in-scope', 10)}${pad('diacr.', 8)}${pad('plain', 8)}${pad('abbr+typo', 11)}oos recall`);
for (const sub of subsets) {
  const r = evaluate((t) => ours.classify(t), sub.rows, flowIds);
  console.log(
    `  ${pad(sub.name, 44)}${pad(String(r.n), 6)}${pad(pct(r.accuracy), 8)}${pad(pct(r.inScopeAccuracy), 10)}` +
      `${pad(pct((r.perVariant['diacritics']?.correct ?? 0) / (r.perVariant['diacritics']?.n ?? 1)), 8)}` +
      `${pad(pct((r.perVariant['plain']?.correct ?? 0) / (r.perVariant['plain']?.n ?? 1)), 8)}${pad(pct(abbrevTypo(r)), 11)}${pct(r.oos.recall)}`,
  );
}

const d = oursReport.decisions;
console.log('\nwhat the engine would do (decideIntent)');
console.log(`  in scope: right procedure ${d.inScopeRight}, asked with it among the choices ${d.inScopeClarified}, wrong or none ${d.inScopeWrong}`);
console.log(`  out of scope: said so ${d.oosNone}, asked a clarifying question ${d.oosClarify}, showed help/status/official ${d.oosService}, started a procedure ${d.oosProcedure}`);

if (process.argv.includes('--errors')) {
  console.log('\nerrors');
  for (const e of oursReport.errors) console.log(`  [${e.row.intent}/${e.row.variant}] → ${e.got} (${e.confidence.toFixed(2)})  ${e.row.text}`);
  console.log('\nnear-duplicates of training utterances (held-out ~ training)');
  for (const [r, t] of dupes) console.log(`  ${r.text}  ~  ${t}`);
} else console.log('\n(run with -- --errors to list the misclassified utterances and the near-duplicates)');
