/**
 * @module Dates, always day first: "5/3/1990", "05-03-90", "1990-03-05", "5 tháng 3 năm 1990",
 * "5 thang 3 nam 1990", "5 March 1990". Stored as "YYYY-MM-DD", shown as "05/03/1990".
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import { fold } from '../nlu/fold.ts';
import type { FieldError, FieldResult, FieldType, Json } from './field-type.ts';

type DateStep = Extract<Step, { type: 'date' }>;

export type DateParse = { ok: true; iso: string } | { ok: false; error: FieldError };

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
const VN_OFFSET_MS = 7 * 60 * 60 * 1000;

const EN_MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10,
  november: 11, nov: 11, december: 12, dec: 12,
};

// "tháng Giêng", "tháng ba", "tháng Chạp", folded.
const VI_MONTHS: Record<string, number> = {
  gieng: 1, mot: 1, hai: 2, ba: 3, tu: 4, bon: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
  'muoi mot': 11, 'muoi hai': 12, chap: 12,
};

const YEAR = '(\\d{4}|\\d{2})';
const PATTERNS: { re: RegExp; order: 'dmy' | 'ymd' | 'd-word-y' | 'word-d-y' | 'd-viword-y' }[] = [
  { re: /^(\d{4}) (\d{1,2}) (\d{1,2})$/, order: 'ymd' },
  { re: new RegExp(`^(\\d{1,2}) (?:thang |thg |th )?(\\d{1,2}) (?:nam )?${YEAR}$`), order: 'dmy' },
  { re: /^(\d{2})(\d{2})(\d{4})$/, order: 'dmy' },
  { re: new RegExp(`^(\\d{1,2}) thang ([a-z]+(?: [a-z]+)?) (?:nam )?${YEAR}$`), order: 'd-viword-y' },
  { re: new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+) ${YEAR}$`), order: 'd-word-y' },
  { re: new RegExp(`^([a-z]+) (\\d{1,2})(?:st|nd|rd|th)? ${YEAR}$`), order: 'word-d-y' },
];

// Words people put before the date ("ngày 5...", "sinh ngày...", "on the 5th...").
const LEADING_WORDS = /^(?:(?:sinh|ngay|mung|mong|vao|la|on|the|born)\s+)+/;

function fail(key: string, params?: Record<string, string | number>): { ok: false; error: FieldError } {
  return { ok: false, error: params ? { key, params } : { key } };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function isoDate(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Today's calendar date in Vietnam, "YYYY-MM-DD": a message sent at 23:30 UTC is already tomorrow there. */
export function vnToday(now: Date): string {
  return new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** Adds days, months or years to an ISO date; 31 Jan + 1 month and 29 Feb − 1 year clamp to the month's end. */
export function shiftIsoDate(iso: string, amount: number, unit: 'd' | 'm' | 'y'): string {
  const [y = 0, m = 1, d = 1] = iso.split('-').map(Number);
  if (unit === 'd') return new Date(Date.UTC(y, m - 1, d + amount)).toISOString().slice(0, 10);
  const months = y * 12 + (m - 1) + (unit === 'y' ? amount * 12 : amount);
  const ny = Math.floor(months / 12);
  const nm = (months % 12) + 1;
  return isoDate(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/**
 * A step bound ("today", "-60d", "+1y", "-120y" or "2025-07-01") as an ISO date, relative to
 * today in Vietnam.
 * @example resolveDateBound('-60d', new Date('2026-03-01T00:00:00Z')) // '2025-12-31'
 */
export function resolveDateBound(bound: string, now: Date): string {
  const today = vnToday(now);
  if (bound === 'today') return today;
  const rel = /^([+-])(\d+)([dmy])$/.exec(bound);
  if (rel) return shiftIsoDate(today, (rel[1] === '-' ? -1 : 1) * Number(rel[2]), rel[3] === 'd' ? 'd' : rel[3] === 'm' ? 'm' : 'y');
  return bound;
}

/** "1990-03-05" → "05/03/1990" (day first in both languages: these are Vietnamese documents). */
export function formatIsoDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** A two-digit year is the latest such year that is not in the future ("90" → 1990, "05" → 2005). */
function fullYear(raw: string, currentYear: number): number {
  if (raw.length === 4) return Number(raw);
  let y = Math.floor(currentYear / 100) * 100 + Number(raw);
  if (y > currentYear) y -= 100;
  return y;
}

function monthFromWord(word: string, table: Record<string, number>): number | undefined {
  // "tháng ba năm 1990": the regex may take "ba nam" as the month's two words.
  return table[word] ?? table[word.replace(/ nam$/, '')];
}

/** Days from today for the words people use instead of a date ("hôm qua", "yesterday"). */
const RELATIVE_DAYS: Record<string, number> = {
  'hom nay': 0, 'bua nay': 0, 'today': 0,
  'hom qua': -1, 'bua qua': -1, 'yesterday': -1,
  'hom kia': -2, 'the day before yesterday': -2,
  'ngay mai': 1, 'mai': 1, 'tomorrow': 1,
};

/** Reads one date from a citizen's text, day first; checks the calendar but not the step's bounds. */
export function parseDateText(text: string, now: Date): DateParse {
  const folded = fold(text).replace(LEADING_WORDS, '');
  const relative = RELATIVE_DAYS[folded.replace(/^(ngay|vao|luc) /, '')];
  if (relative !== undefined) return { ok: true, iso: shiftIsoDate(vnToday(now), relative, 'd') };
  const currentYear = Number(vnToday(now).slice(0, 4));
  let parts: { d: number; m: number | undefined; y: number } | undefined;
  for (const { re, order } of PATTERNS) {
    const g = re.exec(folded);
    if (!g) continue;
    const [, a = '', b = '', c = ''] = g;
    if (order === 'ymd') parts = { d: Number(c), m: Number(b), y: Number(a) };
    else if (order === 'dmy') parts = { d: Number(a), m: Number(b), y: fullYear(c, currentYear) };
    else if (order === 'd-viword-y') parts = { d: Number(a), m: monthFromWord(b, VI_MONTHS), y: fullYear(c, currentYear) };
    else if (order === 'd-word-y') parts = { d: Number(a), m: monthFromWord(b, EN_MONTHS), y: fullYear(c, currentYear) };
    else parts = { d: Number(b), m: monthFromWord(a, EN_MONTHS), y: fullYear(c, currentYear) };
    if (parts.m !== undefined) break;
    parts = undefined;
  }
  if (!parts || parts.m === undefined) {
    // "tháng 3 năm 1990", "03/1990", "1990", "March 1990": a month or a year without the day.
    const partial = /^(?:thang )?(?:\d{1,2}|[a-z]+) (?:nam )?\d{4}$|^(?:nam )?\d{4}$/.test(folded);
    return fail(partial ? 'date.incomplete' : 'date.format');
  }
  const { d, m, y } = parts;
  if (m < 1 || m > 12) return fail('date.badMonth', { month: m });
  if (d < 1 || d > 31) return fail('date.badDay', { day: d });
  const days = daysInMonth(y, m);
  if (d > days) {
    if (m === 2 && d === 29) return fail('date.notLeap', { year: y });
    return fail('date.impossible', { day: d, month: m, year: y, days });
  }
  return { ok: true, iso: isoDate(y, m, d) };
}

export const dateField: FieldType<DateStep> = {
  parse(event, step, ctx): FieldResult {
    if (event.kind !== 'text') return fail('date.format');
    const parsed = parseDateText(event.text, ctx.now);
    if (!parsed.ok) return parsed;
    const { iso } = parsed;
    if (step.max !== undefined) {
      const max = resolveDateBound(step.max, ctx.now);
      if (iso > max) {
        return step.max === 'today'
          ? fail('date.future', { date: formatIsoDate(iso), today: formatIsoDate(max) })
          : fail('date.tooLate', { date: formatIsoDate(iso), max: formatIsoDate(max) });
      }
    }
    if (step.min !== undefined) {
      const min = resolveDateBound(step.min, ctx.now);
      if (iso < min) return fail('date.tooEarly', { date: formatIsoDate(iso), min: formatIsoDate(min) });
    }
    return { ok: true, value: iso };
  },

  display(value: Json): string {
    return typeof value === 'string' ? formatIsoDate(value) : JSON.stringify(value);
  },

  hint(step: DateStep, locale: Locale): string {
    // A step that only takes today or later (an appointment) gets an example from the future.
    if (step.min === 'today' || step.min?.startsWith('+')) return t(locale, 'fields.date.hintFuture');
    return t(locale, 'fields.date.hint');
  },
};
