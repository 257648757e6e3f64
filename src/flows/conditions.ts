/**
 * @module Evaluates a step's structured `when` condition against the answers so far.
 * Pure and JSON-only, so xstate guards can call it and flows stay data.
 */
import type { Json } from '../fields/field-type.ts';
import type { Condition } from './flow-schema.ts';

export type Answers = Readonly<Record<string, Json | undefined>>;

const DAY_MS = 86_400_000;

function daysBetween(isoFrom: string, isoTo: string): number {
  return Math.floor((Date.parse(`${isoTo}T00:00:00Z`) - Date.parse(`${isoFrom}T00:00:00Z`)) / DAY_MS);
}

function isScalar(v: Json | undefined): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/** An answer being saved: conditions read it as if it were already among the answers. */
export interface Saving {
  step: string;
  value: Json;
}

/**
 * True when `cond` holds. An unanswered field satisfies only `answered: false`, `ne` and
 * `notIn` — "not one of these" is true of nothing. `today` is an ISO date (Vietnam time).
 * With `saving`, reads `{ ...answers, [saving.step]: saving.value }` without copying the answers.
 */
export function evaluate(cond: Condition, answers: Answers, today: string, saving?: Saving): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, answers, today, saving));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, answers, today, saving));
  if ('not' in cond) return !evaluate(cond.not, answers, today, saving);
  const v = saving !== undefined && saving.step === cond.field ? saving.value : answers[cond.field];
  if ('answered' in cond) return (v !== undefined && v !== null) === cond.answered;
  if ('ne' in cond) return v !== cond.ne;
  if ('notIn' in cond) return !isScalar(v) || !cond.notIn.includes(v);
  if (v === undefined || v === null) return false;
  if ('eq' in cond) return v === cond.eq;
  if ('in' in cond) return isScalar(v) && cond.in.includes(v);
  if ('includes' in cond) return Array.isArray(v) ? v.includes(cond.includes) : v === cond.includes;
  if ('gt' in cond) return typeof v === 'number' && v > cond.gt;
  if ('lt' in cond) return typeof v === 'number' && v < cond.lt;
  if ('olderThanDays' in cond) return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && daysBetween(v, today) > cond.olderThanDays;
  return false;
}

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
// Every message asks for today's date, and it changes once a day: the last answer is kept with
// the span of instants [dayStart, dayStart + 1 day) it holds for.
let dayStart = Number.NaN;
let dayText = '';

/** Today's date in Vietnam (UTC+7, no daylight saving) as YYYY-MM-DD. */
export function vietnamDate(now: Date): string {
  const local = now.getTime() + VIETNAM_OFFSET_MS;
  if (local >= dayStart && local < dayStart + DAY_MS) return dayText;
  const text = new Date(local).toISOString().slice(0, 10);
  // Only cache dates toISOString can write (an invalid Date throws above, as before).
  dayStart = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  dayText = text;
  return text;
}
