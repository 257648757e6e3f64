/**
 * @module Validation every channel applies to what a user sent, before the engine sees it.
 * Returns a stable error code so the web API can answer 400 and chat channels can reply
 * with the matching locale text (`engine.edge.<CODE>`).
 */
import { z } from 'zod';

/** Longest text we read. Telegram caps at 4096; longer web input is a paste or an attack. */
export const MAX_TEXT = 2000;

// C0/C1 controls except tab and newline, plus bidi overrides and zero-width marks that hide text.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export type EdgeCode = 'TEXT_EMPTY' | 'TEXT_TOO_LONG' | 'LOCATION_INVALID' | 'CHOICE_INVALID';

export type EdgeResult<T> = { ok: true; value: T } | { ok: false; code: EdgeCode };

/** Strips control characters, normalises to NFC and trims; rejects empty and over-long text. */
export function cleanText(raw: string): EdgeResult<string> {
  if (raw.length > MAX_TEXT * 4) return { ok: false, code: 'TEXT_TOO_LONG' };
  const text = raw.normalize('NFC').replace(CONTROL, '').replace(/[ \t]+/g, ' ').trim();
  if (text.length === 0) return { ok: false, code: 'TEXT_EMPTY' };
  if (text.length > MAX_TEXT) return { ok: false, code: 'TEXT_TOO_LONG' };
  return { ok: true, value: text };
}

const LocationSchema = z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) });

export function cleanLocation(raw: unknown): EdgeResult<{ lat: number; lng: number }> {
  const r = LocationSchema.safeParse(raw);
  return r.success ? { ok: true, value: { lat: r.data.lat, lng: r.data.lng } } : { ok: false, code: 'LOCATION_INVALID' };
}

/**
 * Choice values are short slugs the engine made (`a:step:value`, `cmd:back`); the engine's own
 * dialog steps start with "@" (`a:@sub-topics:emergency`) so they never clash with a flow's.
 */
export function cleanChoice(raw: string): EdgeResult<string> {
  return /^[\w:.@\-]{1,120}$/.test(raw) ? { ok: true, value: raw } : { ok: false, code: 'CHOICE_INVALID' };
}
