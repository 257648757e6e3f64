/**
 * @module Vietnamese chat text as the matchers read it: NFC, lower case, emoji and
 * punctuation gone, one spelling per syllable, shorthand expanded — kept both with tones
 * and folded, because a tone distinguishes words ("mất" died / "mặt" face) when the
 * citizen typed it, and folding is the only way to compare when they did not.
 */
import { expandAbbreviations, teenSpelling } from './abbreviations.ts';
import { canonicalSyllable } from './canonical-syllable.ts';
import { foldToken } from './fold.ts';

export interface Analysis {
  /** Canonical lower-case words with tones as typed, shorthand expanded ("đăng", "kí", "khai", "sinh"). */
  readonly tokens: readonly string[];
  /** The same words folded ("dang", "ki", "khai", "sinh"). */
  readonly folded: readonly string[];
  /**
   * The citizen types with diacritics (a third or more of the words they typed carry marks).
   * Then an unmarked word is meant as typed ("de" is not "để"); otherwise it may be any word that folds alike.
   */
  readonly marked: boolean;
}

// Everything that is not a letter, digit or combining mark separates words: punctuation,
// emoji (with their joiners and variation selectors), symbols, spaces of every kind.
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/gu;
// A letter run glued to digits ("p7", "hs2") stays one token; "2tháng" is split.
const DIGITS_THEN_LETTERS = /^(\d+)(\p{L}{2,})$/u;

/** Splits and canonicalises words without expanding shorthand. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.normalize('NFC').toLowerCase().split(SEPARATORS)) {
    if (!raw) continue;
    const glued = DIGITS_THEN_LETTERS.exec(raw);
    const parts = glued ? [glued[1]!, glued[2]!] : [raw];
    for (const p of parts) out.push(canonicalSyllable(teenSpelling(p.normalize('NFC'))));
  }
  return out;
}

// Within one message the same text is read by several matchers (commands, yes/no, choices, the
// FAQ, the classifier): the analyses of the last few texts are kept rather than redone. Readers
// never change an analysis (its arrays are readonly).
const recent = new Map<string, Analysis>();
const RECENT_LIMIT = 64;

/** Words of `text` with shorthand expanded, with and without tones. */
export function analyze(text: string): Analysis {
  let a = recent.get(text);
  if (a === undefined) {
    a = analyzeNow(text);
    if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value!);
    recent.set(text, a);
  }
  return a;
}

function analyzeNow(text: string): Analysis {
  const typed = words(text);
  let letters = 0;
  let withMarks = 0;
  for (const w of typed) {
    if (!/\p{L}/u.test(w)) continue;
    letters++;
    if (foldToken(w) !== w) withMarks++;
  }
  const tokens = expandAbbreviations(typed);
  return { tokens, folded: tokens.map(foldToken), marked: letters > 0 && withMarks * 3 >= letters };
}

/**
 * The normal form: "Đk KS cho bé nhé 😊!!" → "đăng kí khai sinh cho bé nhé".
 * Two texts that mean the same to a reader should normalise alike.
 */
export function normalize(text: string): string {
  return analyze(text).tokens.join(' ');
}

/** `normalize` without tones: the most forgiving form, for comparing with text typed without diacritics. */
export function normalizeFolded(text: string): string {
  return analyze(text).folded.join(' ');
}

/** True when the word carries Vietnamese marks (so a folded comparison would lose information). */
export function hasMarks(word: string): boolean {
  return foldToken(word) !== word;
}
