/**
 * @module natural's naive Bayes trained on our own features, scored in log space. natural's
 * text front end (Porter stemmer, ASCII tokenizer) turns "đăng ký" into "ng", so we hand its
 * underlying classifier feature vectors instead of text, then read back the counts it learnt
 * and score with sums of logs: its own `getClassifications` multiplies raw probabilities,
 * which underflow to 0 for every class on a long story, and it walks the whole vocabulary
 * for each message. The scores are the same as natural's, just computed stably and fast.
 */
// The class alone, not natural's classifiers index (see natural-bayes-module.d.ts).
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';

export interface BayesDoc {
  label: string;
  features: readonly string[];
}

export interface BayesModel {
  readonly labels: readonly string[];
  /** Index of every feature seen in training. */
  readonly vocabulary: ReadonlyMap<string, number>;
  /** Log-probability per label; unknown features are ignored. `into` is reused to avoid allocation. */
  logScores(features: readonly string[], into?: Float64Array): Float64Array;
  /** How many of `features` the model knows. */
  known(features: readonly string[]): number;
  /** Approximate bytes held by the tables. */
  readonly bytes: number;
}

export interface BayesOptions {
  /** natural's additive smoothing (its default is 1). */
  smoothing?: number;
  /**
   * `natural`: natural's own estimate, P(f|c) = (df + s) / (docs in c + 1) over the features
   * present — it favours small classes, since an unseen feature costs them less.
   * `multinomial`: the same counts read as a binarised multinomial model,
   * P(f|c) = (df + α) / (Σ df in c + α·V), fair to classes of any size (the default).
   */
  estimate?: 'natural' | 'multinomial';
  /** α of the multinomial estimate. */
  alpha?: number;
}

export function trainBayes(docs: readonly BayesDoc[], opts: BayesOptions = {}): BayesModel {
  const smoothing = opts.smoothing ?? 1;
  const vocabulary = new Map<string, number>();
  for (const d of docs) for (const f of d.features) if (!vocabulary.has(f)) vocabulary.set(f, vocabulary.size);

  const nb = new BayesClassifier(undefined, smoothing);
  const inner = nb.classifier;
  // Dense 0/1 vectors: natural's sparse path assigns an undeclared global, the dense one is clean.
  const row = new Array<number>(vocabulary.size).fill(0);
  for (const d of docs) {
    const idx = [...new Set(d.features)].map((f) => vocabulary.get(f)!);
    for (const i of idx) row[i] = 1;
    inner.addExample(row, d.label);
    for (const i of idx) row[i] = 0;
  }
  inner.train();

  const labels = Object.keys(inner.classTotals);
  const L = labels.length;
  const V = vocabulary.size;
  // table[f * L + c] = log P(feature f present | label c) in natural's estimate.
  const table = new Float64Array(V * L);
  const prior = new Float64Array(L);
  const alpha = opts.alpha ?? 0.5;
  labels.forEach((label, c) => {
    const total = inner.classTotals[label]!;
    const counts = inner.classFeatures[label] ?? {};
    prior[c] = Math.log(total / inner.totalExamples);
    if (opts.estimate === 'natural') {
      for (let f = 0; f < V; f++) table[f * L + c] = Math.log((counts[f] ?? inner.smoothing) / total);
      return;
    }
    // natural stores df + smoothing for every feature seen in the class.
    const df = (f: number): number => (counts[f] === undefined ? 0 : counts[f]! - inner.smoothing);
    let mass = 0;
    for (let f = 0; f < V; f++) mass += df(f);
    const denominator = mass + alpha * V;
    for (let f = 0; f < V; f++) table[f * L + c] = Math.log((df(f) + alpha) / denominator);
  });

  return {
    labels,
    vocabulary,
    bytes: table.byteLength + prior.byteLength + V * 48,
    known(features) {
      let n = 0;
      for (const f of features) if (vocabulary.has(f)) n++;
      return n;
    },
    logScores(features, into = new Float64Array(L)) {
      into.set(prior);
      for (const f of features) {
        const i = vocabulary.get(f);
        if (i === undefined) continue;
        const base = i * L;
        for (let c = 0; c < L; c++) into[c]! += table[base + c]!;
      }
      return into;
    },
  };
}
