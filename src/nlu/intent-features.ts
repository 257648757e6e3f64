/**
 * @module What the intent classifier sees in a message. Vietnamese words are one syllable
 * each and meaning lives in pairs ("khai sinh", "kết hôn", "hộ kinh doanh"), so the
 * features are syllables and syllable bigrams, folded (so "khai sinh" = "khai sinh" typed
 * without tones) and, where the citizen typed tones, also with tones (so "tử" ≠ "tư"),
 * plus the concepts of the domain thesaurus.
 */
import { findConcepts } from './concepts.ts';
import { analyze, type Analysis } from './normalize.ts';
import type { Speller } from './speller.ts';

/** Longer messages are cut here: the request is in the first few sentences, and the cost stays bounded. */
export const MAX_CLASSIFY_CHARS = 1_000;

export interface FeatureOptions {
  /** Concepts count this many times (naive Bayes weighs a feature by repetition). */
  conceptWeight?: number;
}

const NUMBER = /^\d+$/;

/** Repairs unknown words in place (folded only: a repaired word has no tones to trust). */
function repair(a: Analysis, speller: Speller): Analysis {
  let tokens: string[] | undefined;
  let folded: string[] | undefined;
  a.folded.forEach((f, i) => {
    const fixed = speller.correct(f);
    if (!fixed) return;
    tokens ??= [...a.tokens];
    folded ??= [...a.folded];
    tokens[i] = fixed;
    folded[i] = fixed;
  });
  return tokens && folded ? { tokens, folded, marked: a.marked } : a;
}

/**
 * What the model learnt, consulted at classification time. A word typed with tones then
 * counts only with its tones when the model knows that spelling, or knows the folded word
 * with other tones: its folded form would match a different word ("cười" laugh and
 * "cưới" marry both fold to "cuoi"). Folded bigrams still carry a mistyped tone.
 */
export interface Known {
  feature(f: string): boolean;
  /** Folded words seen in training with tones. */
  tonedFold(folded: string): boolean;
}

export function analysisFeatures(a: Analysis, raw: string, opts: FeatureOptions = {}, known?: Known): string[] {
  const out = new Set<string>();
  const n = a.folded.length;
  const folded = a.folded.map((f) => (NUMBER.test(f) ? '#' : f));
  for (let i = 0; i < n; i++) {
    const f = folded[i]!;
    const t = a.tokens[i]!;
    if (t !== a.folded[i]) {
      const toned = `t:${t}`;
      out.add(toned);
      if (!(a.marked && known && (known.feature(toned) || known.tonedFold(f)))) out.add(`w:${f}`);
    } else out.add(`w:${f}`);
    if (i + 1 < n) out.add(`b:${f}_${folded[i + 1]}`);
  }
  const weight = opts.conceptWeight ?? 1;
  for (const c of findConcepts(a, raw)) for (let k = 0; k < weight; k++) out.add(k === 0 ? `c:${c}` : `c${k}:${c}`);
  return [...out];
}

/** The features of one message; `speller` repairs words the model never saw. */
export function intentFeatures(text: string, speller?: Speller, opts: FeatureOptions = {}, known?: Known): string[] {
  const raw = text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text;
  let a = analyze(raw);
  if (speller) a = repair(a, speller);
  return analysisFeatures(a, raw, opts, known);
}
