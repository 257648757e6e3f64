/**
 * Console sessions expire (idle, absolute, pre-login) and end together for an official; failed
 * logins are limited in a sliding window. The same rules in memory and in Redis (real server,
 * injected clock: the rules are checked against it, Redis' own expiry only cleans up).
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConsoleSessionStore, SessionLimits } from '../../src/console/console-sessions.ts';
import type { LoginLimiter, LoginLimits } from '../../src/console/login-limiter.ts';
import { MemoryConsoleSessions } from '../../src/console/memory-console-sessions.ts';
import { MemoryLoginLimiter } from '../../src/console/memory-login-limiter.ts';
import { RedisConsoleSessions } from '../../src/console/redis-console-sessions.ts';
import { RedisLoginLimiter } from '../../src/console/redis-login-limiter.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../support/redis.ts';

const MIN = 60_000;
const prefix = uniquePrefix('console');
const redis = new Redis(testRedisUrl());
afterAll(async () => {
  await deleteKeys(testRedisUrl(), prefix);
  await redis.quit();
});

type Sessions = (limits: SessionLimits, now?: () => number) => ConsoleSessionStore;
type Limiter = (limits: LoginLimits, now?: () => number) => LoginLimiter;
let n = 0;
const STORES: [string, Sessions, Limiter][] = [
  ['memory', (l, now) => new MemoryConsoleSessions(l, now), (l, now) => new MemoryLoginLimiter(l, now)],
  ['Redis', (l, now) => new RedisConsoleSessions(redis, `${prefix}${++n}:`, l, now), (l, now) => new RedisLoginLimiter(redis, `${prefix}${++n}:`, l, now)],
];

describe.each(STORES)('console sessions in %s', (_name, sessions) => {
  const limits = { idleMs: 60 * MIN, absoluteMs: 12 * 60 * MIN, anonymousMs: 30 * MIN, max: 5 };

  it('hands out random 256-bit tokens with their own CSRF token, and forgets destroyed ones', async () => {
    const s = sessions(limits);
    const a = await s.create('lan');
    const b = await s.create('lan');
    const other = await s.create('an');
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.session.csrf).not.toBe(b.session.csrf);
    expect((await s.get(a.token))?.username).toBe('lan');
    expect(await s.get('not-a-token')).toBeNull();
    await s.destroy(a.token);
    expect(await s.get(a.token)).toBeNull();
    await s.destroyUser('lan');
    expect(await s.get(b.token)).toBeNull();
    expect((await s.get(other.token))?.username).toBe('an');
  });

  it('expires after an idle hour, after 12 hours however active, and pre-login sessions after 30 minutes', async () => {
    let now = Date.UTC(2026, 10, 29);
    const s = sessions(limits, () => now);
    const idle = (await s.create('lan')).token;
    const busy = (await s.create('an')).token;
    const anon = (await s.create()).token;
    for (let h = 0; h < 11; h++) {
      now += 50 * MIN;
      expect(await s.get(busy), `hour ${h}`).not.toBeNull();
    }
    expect(await s.get(idle)).toBeNull();
    expect(await s.get(anon)).toBeNull();
    now += 80 * MIN; // 12 h 10 min after login
    expect(await s.get(busy)).toBeNull();
  });

  it('keeps a saved flash for the next read, and a save cannot bring back a destroyed session', async () => {
    const s = sessions(limits);
    const { token } = await s.create('lan');
    const read = (await s.get(token))!;
    read.flash = { kind: 'ok', text: 'Đã lưu hồ sơ.' };
    expect((await s.get(token))?.flash).toBeUndefined(); // not saved yet: reads are copies
    await s.save(token, read);
    expect((await s.get(token))?.flash).toEqual({ kind: 'ok', text: 'Đã lưu hồ sơ.' });
    await s.destroy(token);
    await s.save(token, read);
    expect(await s.get(token)).toBeNull();
  });
});

describe('console sessions in memory', () => {
  it('stay bounded, dropping pre-login sessions first', async () => {
    const s = new MemoryConsoleSessions({ idleMs: 60 * MIN, absoluteMs: 12 * 60 * MIN, anonymousMs: 30 * MIN, max: 5 });
    const official = (await s.create('lan')).token;
    for (let i = 0; i < 20; i++) await s.create();
    expect(s.size).toBeLessThanOrEqual(5);
    expect(await s.get(official)).not.toBeNull();
  });
});

describe('console sessions in Redis', () => {
  it('are shared by every process and outlive a restart (a second client reads them)', async () => {
    const p = `${prefix}shared:`;
    const one = new RedisConsoleSessions(redis, p);
    const other = new Redis(testRedisUrl());
    try {
      const { token } = await one.create('lan');
      expect((await new RedisConsoleSessions(other, p).get(token))?.username).toBe('lan');
      // Keyed by the token's digest, never the token itself.
      expect(await redis.keys(`${p}*${token}*`)).toEqual([]);
    } finally {
      await other.quit();
    }
  });

  it('treat a stored value that does not parse as no session', async () => {
    const p = `${prefix}bad:`;
    const s = new RedisConsoleSessions(redis, p);
    const { token } = await s.create('lan');
    const [key] = await redis.keys(`${p}console:session:*`);
    await redis.set(key!, '{"username":"lan","csrf":1}');
    expect(await s.get(token)).toBeNull();
  });
});

describe.each(STORES)('login limiter in %s', (_name, _sessions, limiter) => {
  it('allows 5 failures per username in 15 minutes, then waits until the oldest leaves the window', async () => {
    let now = Date.UTC(2026, 10, 29);
    const l = limiter({ windowMs: 15 * MIN, perUsername: 5, perAddress: 20, maxKeys: 100 }, () => now);
    for (let i = 0; i < 5; i++) {
      expect(await l.retryAfterMs('lan', `10.0.0.${i}`)).toBe(0);
      await l.fail('lan', `10.0.0.${i}`);
      now += MIN;
    }
    expect(await l.retryAfterMs('lan', '10.9.9.9')).toBe(10 * MIN); // failures at 0–4 min, now 5 min: free at 15
    expect(await l.retryAfterMs('an', '10.9.9.9')).toBe(0);
    now += 10 * MIN;
    expect(await l.retryAfterMs('lan', '10.9.9.9')).toBe(0);
  });

  it('limits an address across usernames, and a success clears only the username', async () => {
    const l = limiter({ windowMs: 15 * MIN, perUsername: 5, perAddress: 3, maxKeys: 100 });
    await l.fail('a', 'ip');
    await l.fail('b', 'ip');
    await l.fail('c', 'ip');
    expect(await l.retryAfterMs('d', 'ip')).toBeGreaterThan(0);
    expect(await l.retryAfterMs('d', 'other')).toBe(0);
    await l.fail('lan', 'x');
    await l.succeed('lan');
    expect(await l.retryAfterMs('lan', 'y')).toBe(0);
  });

  it('counts two failures in the same millisecond twice', async () => {
    const now = Date.UTC(2026, 10, 29);
    const l = limiter({ windowMs: 15 * MIN, perUsername: 2, perAddress: 20, maxKeys: 100 }, () => now);
    await Promise.all([l.fail('lan', 'x'), l.fail('lan', 'y')]);
    expect(await l.retryAfterMs('lan', 'z')).toBe(15 * MIN);
  });
});
