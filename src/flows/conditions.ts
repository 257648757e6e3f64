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

/**
 * True when `cond` holds. An unanswered field satisfies only `answered: false`, `ne` and
 * `notIn` — "not one of these" is true of nothing. `today` is an ISO date (Vietnam time).
 */
export function evaluate(cond: Condition, answers: Answers, today: string): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluate(c, answers, today));
  if ('any' in cond) return cond.any.some((c) => evaluate(c, answers, today));
  if ('not' in cond) return !evaluate(cond.not, answers, today);
  const v = answers[cond.field];
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

/** Today's date in Vietnam (UTC+7, no daylight saving) as YYYY-MM-DD. */
export function vietnamDate(now: Date): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}
