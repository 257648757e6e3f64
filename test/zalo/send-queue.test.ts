import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SendQueue, SKIPPED_AFTER_FAILURE, type SendQueueOptions } from '../../src/channels/zalo/send-queue.ts';
import { MotcuaError } from '../../src/errors.ts';

const start = Date.UTC(2026, 0, 5, 8, 0, 0);

function queue(opts: Partial<SendQueueOptions> = {}): { q: SendQueue; log: { chat: string; n: number; at: number }[]; job: (chat: string, n: number, fail?: () => unknown) => Promise<void> } {
  const q = new SendQueue({ chatIntervalMs: 1500, perMinute: 20, maxQueued: 100, random: () => 0.5, ...opts });
  const log: { chat: string; n: number; at: number }[] = [];
  const job = (chat: string, n: number, fail?: () => unknown): Promise<void> =>
    q.enqueue(chat, async () => {
      log.push({ chat, n, at: Date.now() - start });
      const e = fail?.();
      if (e !== undefined) throw e;
    });
  return { q, log, job };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(start);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SendQueue', () => {
  it('keeps each chat in order with at least the chat interval between messages', async () => {
    const { log, job } = queue();
    const done = Promise.all([job('a', 1), job('a', 2), job('a', 3)]);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(log).toEqual([
      { chat: 'a', n: 1, at: 0 },
      { chat: 'a', n: 2, at: 1500 },
      { chat: 'a', n: 3, at: 3000 },
    ]);
  });

  it('serves chats round-robin so one busy chat does not starve the others', async () => {
    const { log, job } = queue({ chatIntervalMs: 1000 });
    const done = Promise.all([job('a', 1), job('a', 2), job('a', 3), job('b', 1), job('c', 1)]);
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(log.map((e) => `${e.chat}${e.n}@${e.at}`)).toEqual(['a1@0', 'b1@0', 'c1@0', 'a2@1000', 'a3@2000']);
  });

  it('sends at most perMinute messages in any rolling minute across chats', async () => {
    const { log, job } = queue({ chatIntervalMs: 0, perMinute: 20 });
    const done = Promise.all(Array.from({ length: 45 }, (_, i) => job(`chat${i}`, i)));
    await vi.advanceTimersByTimeAsync(200_000);
    await done;
    expect(log.filter((e) => e.at < 60_000)).toHaveLength(20);
    expect(log.filter((e) => e.at >= 60_000 && e.at < 120_000)).toHaveLength(20);
    expect(log[20]?.at).toBe(60_000);
    expect(log.map((e) => e.n)).toEqual(Array.from({ length: 45 }, (_, i) => i));
  });

  it('pauses the whole account on a rate limit (221) and retries the same message first', async () => {
    const { log, job } = queue({ chatIntervalMs: 0, rateLimit: { baseMs: 60_000, capMs: 600_000 } });
    let calls = 0;
    const a = job('a', 1, () => (++calls === 1 ? new MotcuaError('RATE_LIMITED', '221', { zaloCode: 221 }) : undefined));
    const b = job('b', 1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(log.map((e) => e.chat)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([a, b]);
    expect(log.map((e) => `${e.chat}@${e.at}`)).toEqual(['a@0', 'a@60000', 'b@60000']);
  });

  it('honours a longer retryAfterMs hint and grows the pause on repeated rate limits', async () => {
    const { log, job } = queue({ chatIntervalMs: 0, rateLimit: { baseMs: 60_000, capMs: 600_000 } });
    let calls = 0;
    const a = job('a', 1, () => {
      calls++;
      if (calls === 1) return new MotcuaError('RATE_LIMITED', 'x', { retryAfterMs: 90_000 });
      if (calls === 2) return new MotcuaError('RATE_LIMITED', 'x', {});
      return undefined;
    });
    await vi.advanceTimersByTimeAsync(1_000_000);
    await a;
    // 90 s (hint), then max(base, 0.5 × min(cap, 60 s × 2²)) = 120 s
    expect(log.map((e) => e.at)).toEqual([0, 90_000, 210_000]);
  });

  it('retries transient failures with backoff, then gives up after maxAttempts', async () => {
    const { log, job } = queue({ chatIntervalMs: 0, maxAttempts: 3, retry: { baseMs: 1000, capMs: 10_000 } });
    let n = 0;
    const ok = job('a', 1, () => (++n < 3 ? new MotcuaError('DELIVERY_FAILED', 'net', { transient: true }) : undefined));
    await vi.advanceTimersByTimeAsync(60_000);
    await ok;
    // jitter 0.5 × 2000, 0.5 × 4000
    expect(log.map((e) => e.at)).toEqual([0, 1000, 3000]);

    const failing = job('b', 1, () => new TypeError('fetch failed'));
    const settled = failing.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await settled).toBeInstanceOf(TypeError);
    expect(log.filter((e) => e.chat === 'b')).toHaveLength(3);
  });

  it('fails a permanent error at once and moves on', async () => {
    const { log, job } = queue({ chatIntervalMs: 0 });
    const bad = job('a', 1, () => new MotcuaError('DELIVERY_FAILED', 'refused', { transient: false, zaloCode: 114 })).catch((e: unknown) => e);
    const good = job('a', 2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await bad).toMatchObject({ code: 'DELIVERY_FAILED', details: { zaloCode: 114 } });
    await good;
    expect(log.map((e) => e.n)).toEqual([1, 2]);
  });

  it('drops the rest of a group unrun once one of its jobs fails for good; other jobs of the chat still go', async () => {
    const { q, log } = queue({ chatIntervalMs: 0 });
    const group = {};
    const run = (n: number, fail = false) => async (): Promise<void> => {
      log.push({ chat: 'a', n, at: 0 });
      if (fail) throw new MotcuaError('DELIVERY_FAILED', 'refused', { transient: false });
    };
    const results = [q.enqueue('a', run(1), group), q.enqueue('a', run(2, true), group), q.enqueue('a', run(3), group), q.enqueue('a', run(4)), q.enqueue('a', run(5), group)].map((p) => p.then(() => 'ok', (e: { message: string }) => e.message));
    await vi.advanceTimersByTimeAsync(100);
    expect(await Promise.all(results)).toEqual(['ok', 'refused', SKIPPED_AFTER_FAILURE, 'ok', SKIPPED_AFTER_FAILURE]);
    expect(log.map((e) => e.n)).toEqual([1, 2, 4]);
    expect(q.pending).toBe(0);
  });

  it('holds messages while paused (offline) and sends them, in order, after resume', async () => {
    const { q, log, job } = queue({ chatIntervalMs: 0 });
    q.pause();
    const done = Promise.all([job('a', 1), job('a', 2), job('b', 1)]);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(log).toEqual([]);
    expect(q.pending).toBe(3);
    q.resume();
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(log.map((e) => `${e.chat}${e.n}`)).toEqual(['a1', 'b1', 'a2']);
  });

  it('refuses beyond maxQueued with RATE_LIMITED and rejects everything on stop', async () => {
    const { q, job } = queue({ maxQueued: 2 });
    q.pause();
    const a = job('a', 1).catch((e: unknown) => e);
    const b = job('a', 2).catch((e: unknown) => e);
    await expect(job('a', 3)).rejects.toMatchObject({ code: 'RATE_LIMITED', details: { reason: 'queue_full' } });
    q.stop();
    expect(await a).toMatchObject({ code: 'DELIVERY_FAILED' });
    expect(await b).toMatchObject({ code: 'DELIVERY_FAILED' });
    await expect(job('a', 4)).rejects.toMatchObject({ code: 'DELIVERY_FAILED' });
  });
});
