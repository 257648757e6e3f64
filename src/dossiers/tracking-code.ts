/**
 * @module Tracking codes: `HS-7K2M-9QXD` — 8 random characters from an alphabet without
 * 0/O/1/I (easy to read aloud and type), 40 bits of entropy: unguessable, human-friendly.
 */
import { randomInt } from 'node:crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_PATTERN = /^HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/;

export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `HS-${s.slice(0, 4)}-${s.slice(4)}`;
}

/**
 * Reads a code as citizens type it: lower case, spaces or no dashes, "hs 7k2m 9qxd".
 * Look-alikes are mapped (O→0 is not in the alphabet, so O/0 → not valid; I/1 likewise) —
 * returns null when it cannot be a code.
 */
export function parseTrackingCode(text: string): string | null {
  const compact = text.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const body = compact.startsWith('HS') && compact.length === 10 ? compact.slice(2) : compact.length === 8 ? compact : null;
  if (!body) return null;
  const code = `HS-${body.slice(0, 4)}-${body.slice(4)}`;
  return CODE_PATTERN.test(code) ? code : null;
}
