/**
 * @module Which procedure — or `status`, `human`, `help`, `none` — a free-text message asks
 * for. Two models over the same Vietnamese-aware features (intent-features.ts), blended:
 * natural's naive Bayes, which learns well from a dozen examples per intent, and a small
 * logistic regression, which learns which words actually separate intents and so is not
 * talked over by the incidental words of a long story. Unknown words are repaired against
 * the training vocabulary first. Confidences come from a softmax whose temperature grows
 * with √(number of features): naive Bayes counts each feature as independent evidence and
 * would otherwise be sure of everything it reads in a long message.
 *
 * @example
 * const c = createIntentClassifier([{ intent: 'khai-sinh', examples: ['đăng ký khai sinh'] }, ...]);
 * c.classify('dk ks cho be'); // { intent: 'khai-sinh', confidence: 0.97, alternatives: [...] }
 */
import { analysisFeatures, intentFeatures, MAX_CLASSIFY_CHARS, type FeatureOptions, type Known } from './intent-features.ts';
import { trainBayes, type BayesOptions } from './natural-bayes.ts';
import { analyze } from './normalize.ts';
import { trainSoftmax } from './softmax-regression.ts';
import { Speller } from './speller.ts';

export const NONE_INTENT = 'none';

export interface IntentTraining {
  intent: string;
  examples: readonly string[];
}

export interface IntentScore {
  intent: string;
  confidence: number;
}

export interface IntentResult extends IntentScore {
  /** The other intents, likeliest first (at most 4, each with a confidence of at least 0.001). */
  alternatives: IntentScore[];
}

export interface IntentClassifier {
  /** Never throws: empty, huge or garbage text gives `none`. */
  classify(text: string): IntentResult;
  /** Every intent the model can return (`none` included). */
  readonly intents: readonly string[];
  /** Approximate memory held by the trained model, in bytes. */
  readonly modelBytes: number;
  /** Milliseconds spent training. */
  readonly trainingMs: number;
}

export interface IntentClassifierOptions extends FeatureOptions, BayesOptions {
  /** Softmax temperature per √feature (calibration). */
  temperature?: number;
  /** Repair unknown words against the training vocabulary. */
  spell?: boolean;
  /** Weight of the logistic regression in the blend (0: naive Bayes alone, 1: regression alone). */
  regression?: number;
  regressionEpochs?: number;
  regressionL2?: number;
}

/** Chosen by 5-fold cross-validation over all labelled utterances, repeated three times (see src/nlu/README.md). */
export const DEFAULT_CLASSIFIER_OPTIONS: Required<IntentClassifierOptions> = {
  conceptWeight: 2,
  estimate: 'multinomial',
  alpha: 0.1,
  smoothing: 1,
  regression: 0.5,
  regressionEpochs: 30,
  regressionL2: 1e-4,
  temperature: 1,
  spell: true,
};

const MAX_ALTERNATIVES = 4;

function nothing(): IntentResult {
  return { intent: NONE_INTENT, confidence: 1, alternatives: [] };
}

export function createIntentClassifier(training: readonly IntentTraining[], options: IntentClassifierOptions = {}): IntentClassifier {
  const started = performance.now();
  const opts = { ...DEFAULT_CLASSIFIER_OPTIONS, ...options };
  const featureOpts: FeatureOptions = { conceptWeight: opts.conceptWeight };

  // Analyse once: the speller's vocabulary is made of the very words the models learn.
  const analysed = training.flatMap((t) =>
    t.examples.map((text) => {
      const raw = text.slice(0, MAX_CLASSIFY_CHARS);
      return { label: t.intent, raw, a: analyze(raw) };
    }),
  );
  const freq = new Map<string, number>();
  for (const { a } of analysed) for (const f of a.folded) freq.set(f, (freq.get(f) ?? 0) + 1);
  const speller = opts.spell ? new Speller(freq) : undefined;

  const docs = analysed.map(({ label, raw, a }) => ({ label, features: analysisFeatures(a, raw, featureOpts) }));
  const bayes = trainBayes(docs, { smoothing: opts.smoothing, estimate: opts.estimate, alpha: opts.alpha });
  const labels = bayes.labels;
  const vocabulary = bayes.vocabulary;
  const regression =
    opts.regression > 0
      ? trainSoftmax(
          docs.map((d) => ({ label: labels.indexOf(d.label), features: [...new Set(d.features)].map((f) => vocabulary.get(f)!) })),
          labels.length,
          vocabulary.size,
          { epochs: opts.regressionEpochs, l2: opts.regressionL2 },
        )
      : undefined;

  const intents = labels.includes(NONE_INTENT) ? [...labels] : [...labels, NONE_INTENT];
  const tonedFolds = new Set<string>();
  for (const { a } of analysed) a.tokens.forEach((t, i) => t !== a.folded[i] && tonedFolds.add(a.folded[i]!));
  const learnt: Known = { feature: (f) => vocabulary.has(f), tonedFold: (f) => tonedFolds.has(f) };
  // Scratch buffers: classify runs thousands of times a second and must not allocate much.
  const scores = new Float64Array(labels.length);
  const lr = new Float64Array(labels.length);
  const probs = new Float64Array(labels.length);
  const order = labels.map((_, i) => i);

  function classify(text: string): IntentResult {
    const features = intentFeatures(typeof text === 'string' ? text : '', speller, featureOpts, learnt);
    const known = bayes.known(features);
    // Nothing the models have ever seen ("asdfgh", "😂", "123"): nothing fits.
    if (known === 0 || labels.length === 0) return nothing();
    const temperature = opts.temperature * Math.sqrt(known);
    bayes.logScores(features, scores);
    if (regression) {
      regression.logProbs(features.map((f) => vocabulary.get(f) ?? -1), lr);
      const w = opts.regression;
      for (let c = 0; c < scores.length; c++) scores[c] = (1 - w) * scores[c]! + w * temperature * lr[c]!;
    }
    let max = -Infinity;
    for (let c = 0; c < scores.length; c++) if (scores[c]! > max) max = scores[c]!;
    let sum = 0;
    for (let c = 0; c < scores.length; c++) {
      probs[c] = Math.exp((scores[c]! - max) / temperature);
      sum += probs[c]!;
    }
    for (let c = 0; c < scores.length; c++) probs[c]! /= sum;
    order.sort((x, y) => probs[y]! - probs[x]!);
    const alternatives: IntentScore[] = [];
    for (let k = 1; k < order.length && alternatives.length < MAX_ALTERNATIVES; k++) {
      const c = order[k]!;
      if (probs[c]! < 0.001) break;
      alternatives.push({ intent: labels[c]!, confidence: probs[c]! });
    }
    const top = order[0]!;
    return { intent: labels[top]!, confidence: probs[top]!, alternatives };
  }

  return {
    classify,
    intents,
    modelBytes: bayes.bytes + (regression?.bytes ?? 0) + freq.size * 40,
    trainingMs: performance.now() - started,
  };
}
