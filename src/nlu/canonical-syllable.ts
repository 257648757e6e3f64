/**
 * @module One spelling per Vietnamese syllable. Keyboards disagree on where the tone mark
 * goes ("hoà"/"hòa", "thuỷ"/"thủy") and people write "kí"/"ký", "lí"/"lý" interchangeably;
 * NFC keeps those apart, so matchers would see two words. We move the tone to the
 * traditional position and write i for y after a consonant.
 */

/** Combining tone marks: grave, acute, tilde, hook above, dot below. */
const TONE = /[\u0300\u0301\u0303\u0309\u0323]/g;
const VOWEL = /[aăâeêioôơuưy]/;
/** Vowels carrying a quality mark: the tone always sits on one of them. */
const MARKED = /[ăâêôơư]/;
const CONSONANT_Y = /^[bcdđghklmnpqrstvx]+y$/;

const cache = new Map<string, string>();
const CACHE_LIMIT = 20_000;

function place(base: string): number {
  // "qu" and "gi" before a vowel are consonants: "quá" carries the tone on a, "già" on a.
  let start = 0;
  while (start < base.length && !VOWEL.test(base[start]!)) start++;
  if ((base.startsWith('qu') || base.startsWith('gi')) && start === 1 && VOWEL.test(base[2] ?? '')) start = 2;
  let end = start;
  while (end < base.length && VOWEL.test(base[end]!)) end++;
  if (end === start) return -1;
  let marked = -1;
  for (let i = start; i < end; i++) if (MARKED.test(base[i]!)) marked = i;
  if (marked >= 0) return marked;
  const n = end - start;
  if (n === 1) return start;
  // A closed syllable ("hoàng", "toán") or three vowels ("ngoài") take it on the second vowel.
  if (end < base.length || n === 3) return start + 1;
  // Open two-vowel syllables: traditional style, first vowel ("hòa", "thủy", "mùa").
  return start;
}

function canonicalWord(word: string): string {
  const decomposed = word.normalize('NFD');
  const tones = decomposed.match(TONE);
  let base = decomposed.replace(TONE, '').normalize('NFC');
  if (CONSONANT_Y.test(base)) base = `${base.slice(0, -1)}i`;
  if (!tones) return base;
  // Two tone marks on one syllable is not Vietnamese: leave it as typed.
  if (tones.length > 1) return word.normalize('NFC');
  const at = place(base);
  if (at < 0) return word.normalize('NFC');
  return (base.slice(0, at + 1) + tones[0] + base.slice(at + 1)).normalize('NFC');
}

/**
 * A lower-case syllable with its tone on the traditional vowel and `y` after a consonant
 * written `i`: "hoà" → "hòa", "thuỷ" → "thủy", "ký" → "kí". Non-Vietnamese words pass through.
 */
export function canonicalSyllable(word: string): string {
  if (!/^\p{L}+$/u.test(word)) return word;
  let out = cache.get(word);
  if (out === undefined) {
    out = canonicalWord(word);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(word, out);
  }
  return out;
}
