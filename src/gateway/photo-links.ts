/**
 * @module Time-limited links to a dossier's photos for the back office:
 * `<base>/api/gateway/photos/<id>?exp=<unix s>&sig=<hex>`, where sig is an HMAC of id and
 * expiry under a key derived from GATEWAY_SECRET (derived, so a photo link can never pass
 * for a signed status update or the other way round). Photos of ID documents are sensitive:
 * a link works only until it expires, and only for the photo it names.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type LinkCheck = 'ok' | 'expired' | 'invalid';

export class PhotoLinks {
  private readonly key: Buffer;

  /** `baseUrl` is read when a link is made: the address is known only once the server listens. */
  constructor(
    secret: string,
    private readonly baseUrl: () => string,
    private readonly ttlS: number,
  ) {
    this.key = createHmac('sha256', secret).update('motcua gateway photo links v1').digest();
  }

  link(id: string, now: Date): { url: string; expiresAt: string } {
    const exp = Math.floor(now.getTime() / 1000) + this.ttlS;
    const base = this.baseUrl().replace(/\/+$/, '');
    return { url: `${base}/api/gateway/photos/${encodeURIComponent(id)}?exp=${exp}&sig=${this.sig(id, exp)}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  check(id: string, exp: string | undefined, sig: string | undefined, now: Date): LinkCheck {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[0-9a-f]{64}$/.test(sig)) return 'invalid';
    const expected = Buffer.from(this.sig(id, Number(exp)), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) return 'invalid';
    return Number(exp) * 1000 < now.getTime() ? 'expired' : 'ok';
  }

  private sig(id: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${id}.${exp}`).digest('hex');
  }
}
