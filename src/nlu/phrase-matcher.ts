/**
 * @module Finds known phrases in analysed text. A phrase word written with tones matches
 * the same word with tones, or the folded word when the citizen types without them — so
 * "mất" matches "mat" but never "mặt". A phrase word written without tones matches any
 * word that folds to it ("via he" matches "vỉa hè").
 */
import { foldToken } from './fold.ts';
import { analyze, type Analysis } from './normalize.ts';

interface Compiled<T> {
  tokens: readonly string[];
  folded: readonly string[];
  tag: T;
}

export interface PhraseHit<T> {
  tag: T;
  /** Index of the first token matched. */
  start: number;
  /** Number of tokens matched. */
  length: number;
}

export class PhraseMatcher<T> {
  private readonly byFirst = new Map<string, Compiled<T>[]>();

  /** `phrases`: pairs of a phrase (any spelling; it is normalised like user text) and what it stands for. */
  constructor(phrases: Iterable<readonly [string, T]>) {
    for (const [phrase, tag] of phrases) {
      const a = analyze(phrase);
      if (a.tokens.length === 0) continue;
      const list = this.byFirst.get(a.folded[0]!) ?? [];
      list.push({ tokens: a.tokens, folded: a.folded, tag });
      this.byFirst.set(a.folded[0]!, list);
    }
    // Longest first, so "đăng ký kết hôn" wins over "kết hôn" at the same start.
    for (const list of this.byFirst.values()) list.sort((x, y) => y.tokens.length - x.tokens.length);
  }

  /** Every phrase occurrence, left to right; overlapping hits are all reported. */
  findAll(a: Analysis): PhraseHit<T>[] {
    const hits: PhraseHit<T>[] = [];
    for (let i = 0; i < a.folded.length; i++) {
      const candidates = this.byFirst.get(a.folded[i]!);
      if (!candidates) continue;
      for (const c of candidates) if (matchesAt(c, a, i)) hits.push({ tag: c.tag, start: i, length: c.tokens.length });
    }
    return hits;
  }

  /** The distinct tags found. */
  tags(a: Analysis): Set<T> {
    return new Set(this.findAll(a).map((h) => h.tag));
  }
}

function matchesAt<T>(c: Compiled<T>, a: Analysis, at: number): boolean {
  if (at + c.tokens.length > a.tokens.length) return false;
  for (let k = 0; k < c.tokens.length; k++) {
    const typed = a.tokens[at + k]!;
    const folded = a.folded[at + k]!;
    if (typed === c.tokens[k]) continue;
    if (folded !== c.folded[k]) return false;
    // The citizen types without marks, or the phrase was written without them
    // (flow authors write synonyms folded: "via he"): compare folded.
    if ((!a.marked && typed === folded) || c.tokens[k] === c.folded[k]) continue;
    return false;
  }
  return true;
}

/** Word-level test used by small rules: does token `i` of `a` read as `word` (same rule as phrases)? */
export function sameWord(a: Analysis, i: number, word: string): boolean {
  const typed = a.tokens[i];
  if (typed === undefined) return false;
  if (typed === word) return true;
  return !a.marked && typed === a.folded[i] && a.folded[i] === foldToken(word);
}
