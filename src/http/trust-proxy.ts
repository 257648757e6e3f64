/**
 * @module `TRUST_PROXY`: which reverse proxies may tell the server the client's address
 * (X-Forwarded-For) and scheme (X-Forwarded-Proto). Off by default — then a client could
 * forge those headers, so they are ignored. Behind nginx or a load balancer, the console's
 * login rate limit must count the citizen's or official's address, not the proxy's (which
 * would lock everyone out at once), hence this setting.
 *
 * Accepted: a comma-separated list of the proxies' addresses, CIDR ranges and the names
 * `loopback`, `linklocal`, `uniquelocal` (`loopback,10.0.0.0/8`). Never a bare `true` (any
 * client could choose its own address) nor a hop count (Fastify ignores hop counts: they cannot
 * tell a proxy from a client that sends the headers itself).
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isRange(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [addr, bits, extra] = entry.split('/');
  const family = isIP(addr ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

export type TrustProxy = string[] | undefined;

export const TrustProxySchema = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): TrustProxy => {
    if (v === undefined || v === '' || v === 'false' || v === '0') return undefined;
    const entries = v.split(',').map((e) => e.trim()).filter((e) => e !== '');
    const bad = entries.filter((e) => !isRange(e));
    if (bad.length > 0 || entries.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `expected the proxies' addresses or ranges, e.g. TRUST_PROXY=loopback,10.0.0.0/8; not understood: ${bad.join(', ') || v}`,
      });
      return z.NEVER;
    }
    return entries;
  });
