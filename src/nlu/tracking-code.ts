/**
 * @module Finds a dossier tracking code inside a message as citizens type it: "HS-7K2M-9QXD",
 * "hs7k2m9qxd", "hs 7k2m 9qxd", "Hs-7k2m-9qxd". The alphabet has no 0/O/1/I, so a match
 * is unlikely to be an ordinary word or number.
 */
import { parseTrackingCode } from '../dossiers/tracking-code.ts';

const CH = '[2-9a-hj-np-z]';
const WITH_PREFIX = new RegExp(`(?:^|[^\\p{L}\\p{N}])(hs[\\s._-]*${CH}{4}[\\s._-]*${CH}{4})(?![\\p{L}\\p{N}])`, 'iu');
const BARE = new RegExp(`(?:^|[^\\p{L}\\p{N}])(${CH}{4}[\\s._-]?${CH}{4})(?![\\p{L}\\p{N}])`, 'iu');

/**
 * The canonical code (`HS-7K2M-9QXD`) found in `text`, or undefined. Without the "HS"
 * prefix a code is accepted only when `bare` is set (e.g. right after "tra cứu") and it
 * mixes letters and digits, so "ABCDEFGH" or a date is not taken for one.
 */
export function findTrackingCode(text: string, opts: { bare?: boolean } = {}): string | undefined {
  const m = WITH_PREFIX.exec(text);
  if (m) return parseTrackingCode(m[1]!) ?? undefined;
  if (!opts.bare) return undefined;
  const b = BARE.exec(text);
  if (!b) return undefined;
  const body = b[1]!;
  if (!/\d/.test(body) || !/\p{L}/u.test(body)) return undefined;
  return parseTrackingCode(body) ?? undefined;
}
