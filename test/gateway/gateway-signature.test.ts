/**
 * The signature both directions use (design.md): HMAC-SHA256 over "<timestamp>.<raw body>",
 * `sha256=<hex>`, refused when older or newer than 300 s; and photo links bound to one photo
 * and an expiry.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSignature, signBody } from '../../src/gateway/gateway-signature.ts';
import { PhotoLinks } from '../../src/gateway/photo-links.ts';
import { SECRET } from './gateway-support.ts';

const body = Buffer.from('{"code":"HS-7K2M-9QXD","status":"received","at":"2026-11-20T02:00:00Z"}');
const now = new Date('2026-11-20T02:00:10Z');
const ts = String(Math.floor(now.getTime() / 1000));

describe('gateway signature', () => {
  it('is the hex HMAC-SHA256 of "timestamp.body" under the secret', () => {
    const expected = createHmac('sha256', SECRET).update(`${ts}.${body.toString()}`).digest('hex');
    expect(signBody(SECRET, ts, body)).toBe(`sha256=${expected}`);
    expect(checkSignature(SECRET, { timestamp: ts, signature: `sha256=${expected.toUpperCase()}`, rawBody: body }, now)).toEqual({ ok: true });
  });

  it('says why a request is refused', () => {
    const sig = signBody(SECRET, ts, body);
    const check = (timestamp: string | undefined, signature: string | undefined, raw = body, at = now): unknown => checkSignature(SECRET, { timestamp, signature, rawBody: raw }, at);
    expect(check(undefined, sig)).toEqual({ ok: false, reason: 'missing' });
    expect(check(ts, undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(check('yesterday', sig)).toEqual({ ok: false, reason: 'malformed' });
    expect(check(ts, 'md5=abc')).toEqual({ ok: false, reason: 'malformed' });
    expect(check(ts, sig, Buffer.from(body.toString().replace('received', 'rejected')))).toEqual({ ok: false, reason: 'mismatch' });
    expect(check(ts, sig, body, new Date(now.getTime() + 300_000))).toEqual({ ok: true });
    expect(check(ts, sig, body, new Date(now.getTime() + 301_000))).toEqual({ ok: false, reason: 'stale' });
    expect(check(ts, sig, body, new Date(now.getTime() - 301_000))).toEqual({ ok: false, reason: 'stale' });
  });
});

describe('photo links', () => {
  const links = new PhotoLinks(SECRET, () => 'https://motcua.example.vn/', 3600);

  it('work for their photo until they expire', () => {
    const { url, expiresAt } = links.link('AbCdEfGhIjKlMnOpQrStUvWx', now);
    expect(url).toMatch(/^https:\/\/motcua\.example\.vn\/api\/gateway\/photos\/AbCdEfGhIjKlMnOpQrStUvWx\?exp=\d+&sig=[0-9a-f]{64}$/);
    expect(expiresAt).toBe('2026-11-20T03:00:10.000Z');
    const q = new URL(url).searchParams;
    const exp = q.get('exp') ?? undefined;
    const sig = q.get('sig') ?? undefined;
    expect(links.check('AbCdEfGhIjKlMnOpQrStUvWx', exp, sig, now)).toBe('ok');
    expect(links.check('AbCdEfGhIjKlMnOpQrStUvWx', exp, sig, new Date(now.getTime() + 3_601_000))).toBe('expired');
    expect(links.check('XbCdEfGhIjKlMnOpQrStUvWx', exp, sig, now)).toBe('invalid');
    expect(links.check('AbCdEfGhIjKlMnOpQrStUvWx', String(Number(exp) + 1), sig, now)).toBe('invalid');
    expect(links.check('AbCdEfGhIjKlMnOpQrStUvWx', exp, undefined, now)).toBe('invalid');
  });

  it('cannot be made from a status signature (a separate key)', () => {
    const { url } = links.link('AbCdEfGhIjKlMnOpQrStUvWx', now);
    const exp = new URL(url).searchParams.get('exp')!;
    const statusStyle = signBody(SECRET, 'AbCdEfGhIjKlMnOpQrStUvWx', exp).slice(7);
    expect(links.check('AbCdEfGhIjKlMnOpQrStUvWx', exp, statusStyle, now)).toBe('invalid');
  });
});
