/**
 * The turn store's rarer paths, on a private Redis (a test here flushes its scripts): the
 * script cache emptied under a running process, a waiter that gives up, a dead waiter ahead in
 * line, and a reply the store does not understand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisStore, REDIS_DEFAULTS } from '../../src/store/redis-store.ts';
import { RedisSessions } from '../../src/store/redis-sessions.ts';
import type { Store } from '../../src/store/store.ts';
import { startRedisServer, type PrivateRedis } from '../support/redis.ts';

describe('redis chat turns, edge cases', () => {
  let server: PrivateRedis;
  let admin: Redis;
  let a: Store;
  let b: Store;
  const prefix = 'edges:';

  beforeAll(async () => {
    server = await startRedisServer();
    admin = new Redis(server.url);
    a = createRedisStore({ url: server.url, prefix, leaseMs: 5_000, waitMs: 200 });
    b = createRedisStore({ url: server.url, prefix, leaseMs: 5_000, waitMs: 200 });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    admin.disconnect();
    await server.stop();
  });

  it('loads the scripts again after Redis forgot them (NOSCRIPT)', async () => {
    await (await a.sessions.begin('web:flush', 'm1')).commit('1');
    await admin.script('FLUSH');
    const t = await a.sessions.begin('web:flush', 'm2');
    expect(t.session).toBe('1');
    await admin.script('FLUSH');
    await t.commit('2');
    expect(await a.sessions.peek('web:flush')).toBe('2');
  });

  it('a speculative commit after Redis forgot the scripts stores nothing and hands back a locked turn', async () => {
    await (await a.sessions.begin('web:flush-quick', 'q1', { quick: true })).commit('v1');
    await admin.script('FLUSH');
    const spec = await a.sessions.begin('web:flush-quick', 'q2', { quick: true });
    expect(spec.speculative).toBe(true);
    const redo = await spec.commit('v2 from the copy');
    expect(redo?.speculative).toBe(false);
    expect(redo?.session).toBe('v1');
    await redo!.commit('v2');
    // The script is loaded again: the next quick message commits at once.
    const next = await a.sessions.begin('web:flush-quick', 'q3', { quick: true });
    expect(next.speculative).toBe(true);
    expect(await next.commit('v3')).toBeNull();
    expect(await a.sessions.peek('web:flush-quick')).toBe('v3');
  });

  it('gives up waiting after waitMs, leaving the line, and the chat stays usable', async () => {
    const held = await a.sessions.begin('web:busy', 'h');
    const started = Date.now();
    await expect(b.sessions.begin('web:busy', 'w')).rejects.toMatchObject({ code: 'LOCK_TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(await admin.llen(`${prefix}{web:busy}:waiters`)).toBe(0);
    await held.commit('x');
    const next = await b.sessions.begin('web:busy', 'w2');
    expect(next.session).toBe('x');
    await next.release();
  });

  it('skips a waiter ahead in line that stopped asking', async () => {
    await admin.rpush(`${prefix}{web:ghost}:waiters`, 'ghost-token');
    await admin.hset(`${prefix}{web:ghost}:beats`, 'ghost-token', '0');
    const t = await a.sessions.begin('web:ghost', 'g1');
    expect(t.duplicate).toBe(false);
    await t.commit(undefined);
    expect(await admin.llen(`${prefix}{web:ghost}:waiters`)).toBe(0);
  });

  it('fails with STORE_UNAVAILABLE on a reply it does not understand, and frees the chat', async () => {
    const fake = { options: {}, sendCommand: async () => ['surprise'] } as unknown as Redis;
    const sessions = new RedisSessions(fake, { ...REDIS_DEFAULTS, prefix });
    await expect(sessions.begin('web:odd', 'o1')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    await expect(sessions.begin('web:odd', 'o2')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
