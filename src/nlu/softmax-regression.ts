/**
 * @module A small multinomial logistic regression over sparse binary features, trained with
 * AdaGrad. Naive Bayes counts every word as independent evidence, so a long story's
 * incidental words ("bảo hiểm y tế" in a birth story) can outvote its point; a
 * discriminative model learns which features actually separate the intents. natural's own
 * LogisticRegressionClassifier builds dense matrices over the whole vocabulary and takes
 * seconds to train, so this one is ours. Deterministic: fixed example order, no randomness.
 */

export interface SoftmaxDoc {
  label: number;
  /** Feature indexes (each counted once). */
  features: readonly number[];
}

export interface SoftmaxOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per update. */
  l2?: number;
}

export interface SoftmaxModel {
  /** Log-probability per label into `out`. Unknown feature indexes (< 0) are skipped. */
  logProbs(features: readonly number[], out: Float64Array): Float64Array;
  readonly bytes: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function trainSoftmax(docs: readonly SoftmaxDoc[], labels: number, features: number, opts: SoftmaxOptions = {}): SoftmaxModel {
  const epochs = opts.epochs ?? 30;
  const rate = opts.learningRate ?? 0.5;
  const l2 = opts.l2 ?? 1e-4;
  const L = labels;
  const w = new Float64Array(features * L);
  const g2 = new Float64Array(features * L).fill(1e-8);
  const bias = new Float64Array(L);
  const b2 = new Float64Array(L).fill(1e-8);
  const z = new Float64Array(L);

  const forward = (fs: readonly number[], out: Float64Array): Float64Array => {
    out.set(bias);
    for (const f of fs) {
      if (f < 0) continue;
      const base = f * L;
      for (let c = 0; c < L; c++) out[c]! += w[base + c]!;
    }
    let max = -Infinity;
    for (let c = 0; c < L; c++) if (out[c]! > max) max = out[c]!;
    let sum = 0;
    for (let c = 0; c < L; c++) sum += Math.exp(out[c]! - max);
    const log = max + Math.log(sum);
    for (let c = 0; c < L; c++) out[c] = out[c]! - log;
    return out;
  };

  // A fixed interleaving (stride through the docs) instead of shuffling keeps training reproducible.
  const n = docs.length;
  let stride = Math.max(1, Math.floor(n * 0.618));
  while (gcd(stride, n) !== 1) stride++;
  for (let e = 0; e < epochs; e++) {
    for (let k = 0; k < docs.length; k++) {
      const d = docs[(k * stride + e) % n]!;
      forward(d.features, z);
      for (let c = 0; c < L; c++) {
        const grad = Math.exp(z[c]!) - (c === d.label ? 1 : 0);
        b2[c]! += grad * grad;
        bias[c]! -= (rate * grad) / Math.sqrt(b2[c]!);
        for (const f of d.features) {
          const i = f * L + c;
          const gi = grad + l2 * w[i]!;
          g2[i]! += gi * gi;
          w[i]! -= (rate * gi) / Math.sqrt(g2[i]!);
        }
      }
    }
  }

  return {
    bytes: w.byteLength + bias.byteLength,
    logProbs: (fs, out) => forward(fs, out),
  };
}
