/**
 * @module A free-text answer to a choice: by number ("2", "số 2", "2."), by label or synonym
 * with or without diacritics ("nữ", "nu", "con gái"), inside a sentence ("bé là con gái ạ"),
 * fuzzily ("benh vein") — and several at once for multi-select ("1, 3", "1 và 3", "a, b",
 * "rác và tiếng ồn"). When the answer fits two options about equally it is `ambiguous`, so
 * the engine asks again instead of guessing.
 */
import { DamerauLevenshteinDistance, JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
import type { Locale } from '../channels/channel.ts';
import type { Text } from '../i18n/text.ts';
import { analyze, type Analysis } from './normalize.ts';
import { PhraseMatcher } from './phrase-matcher.ts';

export interface ChoiceOptionLike {
  value: string;
  label: Text;
  synonyms?: readonly string[];
}

export type ChoiceMatch = { kind: 'match'; values: string[] } | { kind: 'ambiguous'; values: string[] } | { kind: 'none' };
export type IndexMatch = { kind: 'match'; indexes: number[] } | { kind: 'ambiguous'; indexes: number[] } | { kind: 'none' };

export interface MatchOptions {
  multiple?: boolean;
}

interface Prepared {
  /** Each option's names, analysed. */
  names: { option: number; a: Analysis; folded: string }[];
  matcher: PhraseMatcher<number>;
  count: number;
}

const cache = new WeakMap<object, Prepared>();

function prepare(names: readonly (readonly string[])[]): Prepared {
  const list: Prepared['names'] = [];
  names.forEach((ns, option) => {
    for (const n of ns) {
      const a = analyze(n);
      if (a.tokens.length > 0) list.push({ option, a, folded: a.folded.join(' ') });
    }
  });
  return { names: list, matcher: new PhraseMatcher(list.map((n) => [n.a.tokens.join(' '), n.option] as const)), count: names.length };
}

// Said around a pick without changing it: "tôi chọn số 2 ạ", "chọn phương án 1 nhé".
// JavaScript's \b only knows ASCII letters, so word edges are spelt out as spaces and string ends.
const LEAD = /^(?:(?:tôi|toi|mình|minh|em|tui|i)\s+)?(?:(?:xin\s+)?chọn|chon|choose|pick|là|la|đáp án|dap an|phương án|phuong an|lựa chọn|lua chon|mục|muc|số|so|option|number|no\.|câu|cau|cái|cai|#)(?:\s+|(?=\d))/iu;
const TRAIL = /(?:\s+(?:ạ|a|nhé|nhe|nha|đi|di|please|thôi|thoi|luôn|luon))+$|\s*[.!?]+$/iu;
const LIST_SEPARATOR = /\s*[,;/&+]\s*|\s+(?:và|va|and|với|voi|cùng|cung)\s+/iu;
const LINKS = new Set(['và', 'va', 'and', 'với', 'voi', 'cùng', 'cung']);
/** Words too common in option names to show which option an answer leans to. */
const COMMON = new Set(['tai', 'o', 'noi', 'khac', 'cua', 'va', 'hoac', 'the', 'of', 'and', 'or', 'at', 'in', 'nguoi', 'cho', 'co', 'khong']);
const ALL = new Set(['tat ca', 'ca hai', 'ca ba', 'het', 'tat ca cac muc', 'all', 'all of them', 'both']);
const NEGATION = new Set(['khong', 'chang', 'not', 'no', 'khong phai', 'chua']);

function unwrap(text: string): string {
  let t = text.normalize('NFC').trim();
  for (let i = 0; i < 3; i++) t = t.replace(LEAD, '').replace(TRAIL, '').trim();
  return t;
}

/** "2", "2.", "1, 3", "1 và 3", "a, b": positions, or undefined when the text is not only that. */
function byPosition(text: string, count: number): number[] | undefined {
  const t = unwrap(text);
  if (!t) return undefined;
  const parts = t.split(/[\s,;/&+]+/u).map((p) => p.replace(/[.)]$/, '')).filter((p) => p && !LINKS.has(p.toLowerCase()));
  if (parts.length === 0) return undefined;
  if (parts.every((p) => /^\d{1,2}$/.test(p))) {
    const idx = parts.map((p) => Number(p) - 1);
    return idx.every((i) => i >= 0 && i < count) ? [...new Set(idx)] : [];
  }
  // Letters only in a list ("a, b"): a lone "a" is too often a word.
  if (parts.length >= 2 && parts.every((p) => /^[a-z]$/i.test(p))) {
    const idx = parts.map((p) => p.toLowerCase().charCodeAt(0) - 97);
    return idx.every((i) => i < count) ? [...new Set(idx)] : [];
  }
  return undefined;
}

function negated(a: Analysis, start: number): boolean {
  const one = a.folded[start - 1];
  const two = start >= 2 ? `${a.folded[start - 2]} ${one}` : '';
  return (one !== undefined && NEGATION.has(one)) || NEGATION.has(two);
}

function byName(a: Analysis, p: Prepared): IndexMatch {
  const whole = a.folded.join(' ');
  if (!whole) return { kind: 'none' };
  // 1. The whole answer is a name; with tones typed, tones decide between look-alikes.
  const exact = new Set(p.names.filter((n) => n.folded === whole).map((n) => n.option));
  if (exact.size > 1 && a.marked) {
    const toned = a.tokens.join(' ');
    const strict = new Set(p.names.filter((n) => n.a.tokens.join(' ') === toned).map((n) => n.option));
    if (strict.size >= 1) return strict.size === 1 ? { kind: 'match', indexes: [...strict] } : { kind: 'ambiguous', indexes: [...strict] };
  }
  if (exact.size === 1) return { kind: 'match', indexes: [...exact] };
  if (exact.size > 1) return { kind: 'ambiguous', indexes: [...exact] };

  // 2. A name inside the answer ("bé là con gái ạ"), unless negated ("không phải nam").
  const hits = p.matcher.findAll(a).filter((h) => !negated(a, h.start));
  if (hits.length > 0) {
    // A longer hit covering a shorter one wins ("con gái" over "gái").
    const kept = hits.filter((h) => !hits.some((o) => o !== h && o.length > h.length && o.start <= h.start && o.start + o.length >= h.start + h.length));
    const options = [...new Set(kept.map((h) => h.tag))];
    return options.length === 1 ? { kind: 'match', indexes: options } : { kind: 'ambiguous', indexes: options };
  }

  // 3. The answer is part of a name ("xây dựng" for "Xây dựng không phép").
  if (whole.length >= 3) {
    const within = new Set(p.names.filter((n) => ` ${n.folded} `.includes(` ${whole} `)).map((n) => n.option));
    if (within.size === 1) return { kind: 'match', indexes: [...within] };
    if (within.size > 1) return { kind: 'ambiguous', indexes: [...within] };
  }

  // 4. Most of an option's distinctive words are in the answer ("sinh ở nhà" for "Tại nhà").
  const words = new Set(a.folded.filter((w, i) => !COMMON.has(w) && !negated(a, i)));
  const overlap = new Map<number, number>();
  for (const n of p.names) {
    const own = n.a.folded.filter((w) => !COMMON.has(w));
    if (own.length === 0) continue;
    const share = own.filter((w) => words.has(w)).length / own.length;
    if (share >= 0.5 && share > (overlap.get(n.option) ?? 0)) overlap.set(n.option, share);
  }
  if (overlap.size > 0) {
    const top = Math.max(...overlap.values());
    const best = [...overlap].filter(([, s]) => s === top).map(([o]) => o);
    return best.length === 1 ? { kind: 'match', indexes: best } : { kind: 'ambiguous', indexes: best };
  }

  // 5. Fuzzily: a typo of a name ("benh vein", "cong gai"), natural's Damerau-Levenshtein and Jaro-Winkler.
  const best = new Map<number, number>();
  for (const n of p.names) {
    const len = Math.max(whole.length, n.folded.length);
    const dl = DamerauLevenshteinDistance(whole, n.folded);
    const allowed = len <= 3 ? 0 : len <= 6 ? 1 : len <= 12 ? 2 : 3;
    const jw = JaroWinklerDistance(whole, n.folded);
    const score = dl <= allowed ? 1 - dl / (len + 1) : jw >= 0.93 && len >= 6 ? jw - 0.1 : 0;
    if (score > (best.get(n.option) ?? 0)) best.set(n.option, score);
  }
  const ranked = [...best].filter(([, s]) => s > 0).sort((x, y) => y[1] - x[1]);
  if (ranked.length === 0) return { kind: 'none' };
  const close = ranked.filter(([, s]) => s >= ranked[0]![1] - 0.05).map(([o]) => o);
  return close.length === 1 ? { kind: 'match', indexes: close } : { kind: 'ambiguous', indexes: close };
}

/**
 * Which of the options (each given by its names) the text picks; indexes are 0-based.
 * The engine's `matchOption(text, labels)` is `matchIndexes(text, labels.map((l) => [l]))`.
 */
export function matchIndexes(text: string, names: readonly (readonly string[])[], opts: MatchOptions = {}, key?: object): IndexMatch {
  if (typeof text !== 'string' || names.length === 0 || text.length > 500) return { kind: 'none' };
  let p = key ? cache.get(key) : undefined;
  if (!p) {
    p = prepare(names);
    if (key) cache.set(key, p);
  }
  const positions = byPosition(text, p.count);
  if (positions) {
    if (positions.length === 0) return { kind: 'none' };
    return positions.length === 1 || opts.multiple ? { kind: 'match', indexes: positions } : { kind: 'ambiguous', indexes: positions };
  }
  const a = analyze(unwrap(text));
  if (opts.multiple && ALL.has(a.folded.join(' '))) return { kind: 'match', indexes: names.map((_, i) => i) };
  if (opts.multiple) {
    // Several picks in words: "rác và tiếng ồn", "khai sinh, thường trú" — each part must pick one.
    const parts = text.split(LIST_SEPARATOR).filter((s) => s.trim());
    if (parts.length >= 2) {
      const picked = new Set<number>();
      const each = parts.map((part) => byName(analyze(unwrap(part)), p));
      if (each.every((m) => m.kind === 'match')) {
        for (const m of each) if (m.kind === 'match') for (const i of m.indexes) picked.add(i);
        return { kind: 'match', indexes: [...picked].sort((x, y) => x - y) };
      }
    }
  }
  return byName(a, p);
}

const namesCache = new WeakMap<object, string[][]>();

function optionNames(options: readonly ChoiceOptionLike[], locale: Locale): string[][] {
  return options.map((o) => [o.label[locale], o.label[locale === 'vi' ? 'en' : 'vi'], ...(o.synonyms ?? []), o.value.replace(/[-_]/g, ' ')]);
}

/**
 * @example
 * matchChoice('con gái', [{ value: 'male', label: { vi: 'Nam', en: 'Male' } }, { value: 'female', label: { vi: 'Nữ', en: 'Female' }, synonyms: ['con gái'] }], 'vi')
 * // { kind: 'match', values: ['female'] }
 */
export function matchChoice(text: string, options: readonly ChoiceOptionLike[], locale: Locale, opts: MatchOptions = {}): ChoiceMatch {
  let names = namesCache.get(options);
  if (!names) {
    names = optionNames(options, locale);
    namesCache.set(options, names);
  }
  const m = matchIndexes(text, names, opts, options);
  if (m.kind === 'none') return m;
  return { kind: m.kind, values: m.indexes.map((i) => options[i]!.value) };
}

/** The engine's port: which of `labels` the text picks. */
export function matchOption(text: string, labels: readonly string[], opts: MatchOptions = {}): IndexMatch {
  return matchIndexes(text, labels.map((l) => [l]), opts);
}
