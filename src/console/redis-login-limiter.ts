/**
 * @module Failed logins counted in Redis: every process and a restart see the same failures.
 * One sorted set of failure times per key, trimmed to the window on each use and expiring with
 * it. Keys are hashed: a client address is personal data, and a typed "username" may be a
 * mistyped password.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DEFAULT_LOGIN_LIMITS, waitFor, type LoginLimiter, type LoginLimits } from './login-limiter.ts';

export class RedisLoginLimiter implements LoginLimiter {
  constructor(
    private readonly redis: Redis,
    /** The app's key prefix (REDIS_PREFIX). */
    private readonly prefix: string,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async retryAfterMs(username: string, address: string): Promise<number> {
    const [byName, byAddress] = await Promise.all([this.recent(this.key('u', username)), this.recent(this.key('a', address))]);
    const at = this.now();
    return Math.max(waitFor(byName, this.limits.perUsername, this.limits.windowMs, at), waitFor(byAddress, this.limits.perAddress, this.limits.windowMs, at));
  }

  async fail(username: string, address: string): Promise<void> {
    const at = this.now();
    const m = this.redis.multi();
    for (const key of [this.key('u', username), this.key('a', address)]) {
      // A unique member per failure: two at the same millisecond both count.
      m.zadd(key, at, `${at}:${randomBytes(4).toString('hex')}`).pexpire(key, this.limits.windowMs);
    }
    await m.exec();
  }

  async succeed(username: string): Promise<void> {
    await this.redis.del(this.key('u', username));
  }

  /** The key's failure times within the window, oldest first. */
  private async recent(key: string): Promise<number[]> {
    const since = this.now() - this.limits.windowMs;
    const res = await this.redis.multi().zremrangebyscore(key, '-inf', String(since)).zrange(key, '0', '-1', 'WITHSCORES').exec();
    const flat = res?.[1]?.[1];
    if (!Array.isArray(flat)) return [];
    const times: number[] = [];
    for (let i = 1; i < flat.length; i += 2) times.push(Number(flat[i]));
    return times.filter((t) => Number.isFinite(t));
  }

  private key(kind: 'u' | 'a', value: string): string {
    return `${this.prefix}console:login-failures:${kind}:${createHash('sha256').update(value).digest('base64url')}`;
  }
}
