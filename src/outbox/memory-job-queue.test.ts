import { describe, expect, it } from 'vitest';
import { decodeJobId, encodeJobId } from './bull-job-queues.ts';
import type { Job } from './job-queue.ts';
import { MemoryJobQueue } from './memory-job-queue.ts';

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('MemoryJobQueue', () => {
  it('runs each id once while it waits or runs; a later add after it finished runs it again', async () => {
    const q = new MemoryJobQueue<string>({ concurrency: 2 });
    const seen: string[] = [];
    await q.add([{ id: 'a', data: 'first' }, { id: 'a', data: 'second' }]);
    await q.start(async (job) => {
      seen.push(`${job.id}:${job.data}`);
      return { kind: 'done' };
    });
    await q.add([{ id: 'a', data: 'third' }]);
    await tick(5);
    expect(seen).toEqual(['a:first', 'a:third']);
    await q.stop();
  });

  it('retries later, counting only counted failures, and respects the concurrency limit', async () => {
    const q = new MemoryJobQueue<number>({ concurrency: 1 });
    const runs: Job<number>[] = [];
    let active = 0;
    let most = 0;
    await q.start(async (job) => {
      active += 1;
      most = Math.max(most, active);
      runs.push(job);
      await tick(2);
      active -= 1;
      if (job.id === 'r' && runs.filter((j) => j.id === 'r').length < 3) return { kind: 'retry', delayMs: 5, counted: runs.length !== 1 };
      return { kind: 'done' };
    });
    await q.add([{ id: 'r', data: 1 }, { id: 's', data: 2 }]);
    await tick(80);
    expect(runs.filter((j) => j.id === 'r').map((j) => j.failures)).toEqual([0, 0, 1]);
    expect(most).toBe(1);
    expect(q.size).toBe(0);
    await q.stop();
  });

  it('waits for the running jobs on stop and drops delayed ones', async () => {
    const q = new MemoryJobQueue<number>({ concurrency: 4 });
    let finished = 0;
    await q.start(async () => {
      await tick(20);
      finished += 1;
      return { kind: 'done' };
    });
    await q.add([{ id: 'x', data: 1 }, { id: 'later', data: 2, delayMs: 10_000 }]);
    await tick(1);
    await q.stop();
    expect(finished).toBe(1);
    expect(q.size).toBe(1);
  });
});

describe('BullMQ job ids', () => {
  it('encode the colons BullMQ refuses, reversibly', () => {
    const id = 'status:HS-7K2M-9QXD:3:web:chat%1';
    expect(encodeJobId(id)).toBe('status%3AHS-7K2M-9QXD%3A3%3Aweb%3Achat%251');
    expect(decodeJobId(encodeJobId(id))).toBe(id);
  });
});
