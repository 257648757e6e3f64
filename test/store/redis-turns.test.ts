/**
 * Chat turns across processes: two independent Redis clients (each with its own in-process
 * queue, as two processes would have) share one chat; its messages still run one at a time,
 * in arrival order, without lost updates — and a turn whose owner died is taken over.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/store/redis-store.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';

describe('redis chat turns across processes', () => {
  const prefix = uniquePrefix('turns');
  const a = createRedisStore({ url: testRedisUrl(), prefix, leaseMs: 300, waitMs: 10_000 });
  const b = createRedisStore({ url: testRedisUrl(), prefix, leaseMs: 300, waitMs: 10_000 });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('serialises a chat shared by two processes without lost updates', async () => {
    let inside = 0;
    let maxInside = 0;
    const work = (store: typeof a, i: number) => async () => {
      const turn = await store.sessions.begin('web:shared', `m${i}`);
      inside++;
      maxInside = Math.max(maxInside, inside);
      const n = turn.session ? Number(turn.session) : 0;
      await new Promise((r) => setTimeout(r, 2));
      inside--;
      await turn.commit(String(n + 1));
    };
    await Promise.all(Array.from({ length: 40 }, (_, i) => work(i % 2 ? a : b, i)()));
    expect(maxInside).toBe(1);
    expect(await a.sessions.peek('web:shared')).toBe('40');
  });

  it('grants turns in the order messages reached Redis', async () => {
    const order: number[] = [];
    const pending: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      const store = i % 2 ? a : b;
      pending.push(
        store.sessions.begin('web:fifo', `f${i}`).then(async (turn) => {
          order.push(i);
          await turn.commit(undefined);
        }),
      );
      // Let this message's enqueue reach Redis before the next one is sent.
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(pending);
    expect(order).toEqual([...Array(10).keys()]);
  });

  it('takes over a chat whose turn owner died, after the lease', async () => {
    const dead = await a.sessions.begin('web:crash', 'lost');
    void dead; // never committed: its process "crashed"
    const started = Date.now();
    const next = await b.sessions.begin('web:crash', 'after');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await next.commit('ok');
    await expect(dead.commit('late')).rejects.toThrow(/lease/);
    expect(await b.sessions.peek('web:crash')).toBe('ok');
  });
});
