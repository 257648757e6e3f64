/**
 * @module `SESSION_COPIES=n` for the benches: how many chats' sessions the Redis store copies
 * for speculative turns (0: every turn locks first, two round trips — the protocol before them).
 */
import type { RedisSessionOptions } from '../src/store/redis-sessions.ts';

export function sessionCopies(): Partial<RedisSessionOptions> {
  const n = process.env.SESSION_COPIES;
  if (n === undefined) return {};
  if (!/^\d+$/.test(n)) throw new Error(`SESSION_COPIES must be a whole number of chats, not “${n}”`);
  return { sessionCopies: Number(n) };
}
