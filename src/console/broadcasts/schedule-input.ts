/**
 * @module "Send at" as officials think of it: a date and a time in Vietnam (Asia/Ho_Chi_Minh,
 * UTC+7 all year, no daylight saving), whatever time zone the browser or server is in.
 */
import type { FieldProblem } from './compose-values.ts';

/** A schedule must leave time to cancel it, and not lie forgotten for months. */
export const MIN_LEAD_MS = 2 * 60_000;
export const MAX_AHEAD_DAYS = 60;

export type ScheduleResult = { ok: true; at: string } | { ok: false; problem: FieldProblem };

const fail = (key: string, params?: Record<string, string | number>): ScheduleResult => ({ ok: false, problem: { field: 'schedule', key, ...(params ? { params } : {}) } });

/** The instant of a Vietnam date ("2026-12-01") and time ("07:30"), as ISO; refuses the past. */
export function parseSchedule(date: string, time: string, now: Date): ScheduleResult {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{2}):(\d{2})(?::\d{2})?$/.exec(time.trim());
  if (!date.trim() || !time.trim()) return fail('broadcasts.errors.schedule_missing');
  if (!d || !t) return fail('broadcasts.errors.schedule_invalid');
  const [, y, mo, da] = d;
  const [, h, mi] = t;
  const ms = Date.parse(`${y}-${mo}-${da}T${h}:${mi}:00+07:00`);
  // Date.parse rolls "30/02" over to March: read the day back to be sure it exists.
  const back = Number.isNaN(ms) ? '' : new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
  if (back !== `${y}-${mo}-${da}T${h}:${mi}`) return fail('broadcasts.errors.schedule_invalid');
  if (ms < now.getTime() + MIN_LEAD_MS) return fail('broadcasts.errors.schedule_past');
  if (ms > now.getTime() + MAX_AHEAD_DAYS * 86_400_000) return fail('broadcasts.errors.schedule_too_far', { days: MAX_AHEAD_DAYS });
  return { ok: true, at: new Date(ms).toISOString() };
}

/** The date and time fields' values for an ISO instant (to fill the form again). */
export function scheduleFields(iso: string): { date: string; time: string } {
  const local = new Date(Date.parse(iso) + 7 * 3_600_000).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}
