/**
 * @module The signature both directions of the back-office gateway use (design.md):
 * `X-Motcua-Timestamp: <unix s>` and `X-Motcua-Signature: sha256=<hex HMAC-SHA256(secret,
 * timestamp + "." + rawBody)>`. Signing the raw bytes, not re-serialised JSON, means both
 * sides agree whatever their JSON libraries do; the timestamp bounds replays to a window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-motcua-timestamp';
export const SIGNATURE_HEADER = 'x-motcua-signature';
/** Older or newer than this (seconds) and a signed request is refused. */
export const SIGNATURE_TOLERANCE_S = 300;

export function signBody(secret: string, timestamp: string, rawBody: string | Uint8Array): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'stale' | 'mismatch' };

export interface SignedRequest {
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Uint8Array;
}

export function checkSignature(secret: string, req: SignedRequest, now: Date, toleranceS = SIGNATURE_TOLERANCE_S): SignatureCheck {
  const { timestamp, signature } = req;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^sha256=[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signBody(secret, timestamp, req.rawBody).slice(7), 'hex');
  const given = Buffer.from(signature.slice(7), 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
