/**
 * @module Typo repair against a known vocabulary: "snih" → "sinh", "khia" → "khai",
 * "doanhh" → "doanh". One edit at most (natural's Damerau-Levenshtein, so a swap of two
 * letters counts as one), found fast through an index of one-letter deletions.
 * Only words the vocabulary does not know and that are not shaped like a Vietnamese syllable
 * are touched; a valid word is never "corrected".
 */
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';

const MIN_LENGTH = 4;

/**
 * The shape of a Vietnamese syllable once folded: onset, vowel group, final consonant.
 * A word of that shape is probably a real word the model has not seen ("tuoi", "son"):
 * correcting it would only invent evidence. Typos mostly break the shape ("snih", "sinhh", "daonh").
 */
const SYLLABLE =
  /^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(a|e|i|o|u|y|ai|ao|au|ay|eo|ia|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ie|ye|oai|oay|oeo|uoi|uou|ieu|yeu|uya|uyu|uye)(c|ch|m|n|ng|nh|p|t)?$/;

export function isSyllableShaped(folded: string): boolean {
  return SYLLABLE.test(folded);
}
const CACHE_LIMIT = 20_000;

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

export class Speller {
  private readonly freq: ReadonlyMap<string, number>;
  /** Deletion variant (and the word itself) → words of the vocabulary that produce it. */
  private readonly index = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  /** `freq`: folded words and how often they occur in training. */
  constructor(freq: ReadonlyMap<string, number>) {
    this.freq = freq;
    for (const w of freq.keys()) {
      if (w.length < MIN_LENGTH - 1 || !/^[a-z]+$/.test(w)) continue;
      for (const d of [w, ...deletions(w)]) {
        const list = this.index.get(d);
        if (list) list.push(w);
        else this.index.set(d, [w]);
      }
    }
  }

  knows(word: string): boolean {
    return this.freq.has(word);
  }

  /** The likeliest known word one edit away from an unknown folded `word`, or undefined. */
  correct(word: string): string | undefined {
    if (this.freq.has(word) || word.length < MIN_LENGTH || !/^[a-z]+$/.test(word) || SYLLABLE.test(word)) return undefined;
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached ?? undefined;
    let best: string | undefined;
    let bestFreq = 0;
    const seen = new Set<string>();
    for (const d of [word, ...deletions(word)]) {
      for (const w of this.index.get(d) ?? []) {
        if (seen.has(w)) continue;
        seen.add(w);
        // Typos rarely hit the first letter; allowing it turns English "there" into "where".
        if (w[0] !== word[0]) continue;
        if (DamerauLevenshteinDistance(word, w) > 1) continue;
        const f = this.freq.get(w) ?? 0;
        if (f > bestFreq) {
          best = w;
          bestFreq = f;
        }
      }
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, best ?? null);
    return best;
  }
}
