/**
 * @module Numbers as citizens type them: "3", "3 người", "1.000.000", "1,5", and money
 * words ("500 triệu", "2 tỷ", "300 nghìn", "1tr5") — business capital is asked in words.
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import { pick } from '../i18n/text.ts';
import type { FieldResult, FieldType, Json } from './field-type.ts';

type NumberStep = Extract<Step, { type: 'number' }>;

/** An exact decimal, m × 10^e: "1,1 tỷ" must give 1 100 000 000, not 1 100 000 000.0000002. */
export interface Decimal {
  m: bigint;
  e: number;
}

// Folded words (no tones) → power of ten. "m" is left out on purpose: "50m2" is an area.
const MULTIPLIERS: Record<string, number> = {
  ty: 9, ti: 9, billion: 9, bn: 9,
  trieu: 6, tr: 6, million: 6, mil: 6,
  nghin: 3, ngan: 3, k: 3, thousand: 3,
  tram: 2, hundred: 2,
};

// Only used when the answer has no digits at all ("hai người", "một triệu"). Not "không": it also means "no".
const NUMBER_WORDS: Record<string, number> = {
  mot: 1, hai: 2, ba: 3, bon: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
};
// Parts of compound number words ("mười lăm", "hai mươi mốt"): refused rather than half-read.
const COMPOUND_PARTS = new Set(['lam', 'tu', 'linh', 'le', 'mot', 'muoi', 'nhat']);

type Token = { kind: 'num'; value: Decimal; digits: string } | { kind: 'mult'; power: number } | { kind: 'half' } | { kind: 'word'; text: string };

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

function foldKeepSeparators(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/**
 * "1.000.000" and "1,000" group thousands; "1,5" and "1.5" are decimals. With both marks the
 * last one is the decimal mark. A single mark before exactly three digits groups thousands,
 * because a three-place decimal is rare in a chat answer and "1.000" is how Vietnamese write 1000.
 */
export function parseNumeral(lit: string): Decimal | undefined {
  if (!/^\d+(?:[.,]\d+)*$/.test(lit)) return undefined;
  const dots = lit.split('.').length - 1;
  const commas = lit.split(',').length - 1;
  let decimalMark: string | undefined;
  let groupMark: string | undefined;
  if (dots > 0 && commas > 0) {
    decimalMark = lit.lastIndexOf('.') > lit.lastIndexOf(',') ? '.' : ',';
    groupMark = decimalMark === '.' ? ',' : '.';
  } else if (dots + commas > 0) {
    const mark = dots > 0 ? '.' : ',';
    const head = lit.slice(0, lit.indexOf(mark));
    const tail = lit.slice(lit.lastIndexOf(mark) + 1);
    if (dots + commas > 1 || (tail.length === 3 && head !== '0')) groupMark = mark;
    else decimalMark = mark;
  }
  const halves = decimalMark ? lit.split(decimalMark) : [lit];
  if (halves.length > 2) return undefined;
  const [whole = '', fraction = ''] = halves;
  let intDigits = whole;
  if (groupMark) {
    const groups = whole.split(groupMark);
    if (!/^\d{1,3}$/.test(groups[0] ?? '') || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) return undefined;
    intDigits = groups.join('');
  }
  return { m: BigInt(intDigits + fraction), e: -fraction.length };
}

function add(a: Decimal, b: Decimal): Decimal {
  const e = Math.min(a.e, b.e);
  return { m: a.m * 10n ** BigInt(a.e - e) + b.m * 10n ** BigInt(b.e - e), e };
}

function toNumber(d: Decimal): number {
  return Number(`${d.m}e${d.e}`);
}

function tokenize(text: string): Token[] {
  // Area and volume units ("50m2", "3 m3") are words, or their digit would read as a second number.
  const words = foldKeepSeparators(text).match(/[kcd]?m[23](?!\d)|\d+(?:[.,]\d+)*|[a-z]+/g) ?? [];
  const hasDigits = words.some((w) => /^\d/.test(w));
  return words.map((w): Token => {
    if (/^\d/.test(w)) {
      const value = parseNumeral(w);
      return value ? { kind: 'num', value, digits: w } : { kind: 'word', text: w };
    }
    const power = MULTIPLIERS[w];
    if (power !== undefined) return { kind: 'mult', power };
    if (w === 'ruoi') return { kind: 'half' };
    const n = NUMBER_WORDS[w];
    if (!hasDigits && n !== undefined) return { kind: 'num', value: { m: BigInt(n), e: 0 }, digits: '' };
    return { kind: 'word', text: w };
  });
}

/**
 * Reads one amount: terms of a number and multipliers in decreasing size ("1 tỷ 200 triệu"),
 * where consecutive multipliers multiply ("3 trăm nghìn") and a bare number after a multiplier
 * is its decimal part ("1tr5" = 1,5 triệu, "2 tỷ 3" = 2,3 tỷ). Anything else is `undefined`.
 */
export function parseAmount(text: string): number | undefined {
  const hasDigits = /\d/.test(text);
  if (!hasDigits) {
    // "mười lăm", "hai mươi": compound number words — ask for digits rather than half-read them.
    const words = foldKeepSeparators(text).match(/[a-z]+/g) ?? [];
    for (let w = 1; w < words.length; w++) {
      const cur = words[w] ?? '';
      if (NUMBER_WORDS[words[w - 1] ?? ''] !== undefined && (NUMBER_WORDS[cur] !== undefined || COMPOUND_PARTS.has(cur))) return undefined;
    }
  }
  const tokens = tokenize(text);
  let i = tokens.findIndex((tk) => tk.kind === 'num');
  if (i < 0) return undefined;
  let total: Decimal = { m: 0n, e: 0 };
  let lastPower = Infinity;
  for (;;) {
    const num = tokens[i];
    if (num?.kind !== 'num') break;
    i++;
    let power = 0;
    for (let tk = tokens[i]; tk?.kind === 'mult'; tk = tokens[++i]) power += tk.power;
    if (power === 0) {
      if (lastPower === Infinity) {
        total = num.value;
        // "2 rưỡi" = 2,5
        if (tokens[i]?.kind === 'half') {
          total = add(total, { m: 5n, e: -1 });
          i++;
        }
      } else {
        // A trailing bare number is the decimal part of the previous multiplier ("1tr5", "2 tỷ 3").
        if (!/^\d+$/.test(num.digits)) return undefined;
        total = add(total, { m: BigInt(num.digits), e: lastPower - num.digits.length });
      }
      break;
    }
    if (power >= lastPower) return undefined;
    total = add(total, { m: num.value.m, e: num.value.e + power });
    lastPower = power;
    if (tokens[i]?.kind === 'half') {
      // "1 triệu rưỡi" = 1,5 triệu
      total = add(total, { m: 5n, e: power - 1 });
      i++;
      break;
    }
  }
  // One amount per answer: "3 hoặc 4" is a question back, not a number.
  if (tokens.slice(i).some((tk) => tk.kind !== 'word')) return undefined;
  const value = toNumber(total);
  return /^\s*[-−]\s*\d/.test(text) ? -value : value;
}

/** "1.500.000" in Vietnamese; English readers get "1,500,000", where a dot would read as a decimal point. */
export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 6 }).format(n);
}

export const numberField: FieldType<NumberStep> = {
  parse(event, step, ctx): FieldResult {
    if (event.kind !== 'text') return fail('number.format');
    const n = parseAmount(event.text);
    if (n === undefined || !Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) return fail('number.format');
    if (step.integer && !Number.isInteger(n)) return fail('number.notInteger', { value: formatNumber(n, ctx.locale) });
    if (step.min !== undefined && n < step.min) return fail('number.tooSmall', { min: formatNumber(step.min, ctx.locale) });
    if (step.max !== undefined && n > step.max) return fail('number.tooLarge', { max: formatNumber(step.max, ctx.locale) });
    return { ok: true, value: n };
  },

  display(value: Json, step: NumberStep, locale: Locale): string {
    if (typeof value !== 'number') return JSON.stringify(value);
    const n = formatNumber(value, locale);
    return step.unit ? `${n} ${pick(step.unit, locale)}` : n;
  },

  hint(step: NumberStep, locale: Locale): string | undefined {
    const { min, max } = step;
    if (min !== undefined && max !== undefined) return t(locale, 'fields.number.hintRange', { min: formatNumber(min, locale), max: formatNumber(max, locale) });
    if (min !== undefined) return t(locale, 'fields.number.hintMin', { min: formatNumber(min, locale) });
    if (max !== undefined) return t(locale, 'fields.number.hintMax', { max: formatNumber(max, locale) });
    return undefined;
  },
};
