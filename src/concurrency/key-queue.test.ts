import { describe, expect, it } from 'vitest';
import { KeyQueue } from './key-queue.ts';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('KeyQueue', () => {
  it('runs one key in submission order, other keys alongside, and survives a failing task', async () => {
    const s = new KeyQueue();
    const log: string[] = [];
    const task = (name: string, ms: number, fail = false) => async (): Promise<string> => {
      log.push(`+${name}`);
      await tick(ms);
      log.push(`-${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([
      s.run('a', task('a1', 30, true)),
      s.run('b', task('b1', 5)),
      s.run('a', task('a2', 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('+a2')).toBeGreaterThan(log.indexOf('-a1'));
    expect(log.indexOf('-b1')).toBeLessThan(log.indexOf('-a1'));
    await s.idle();
    expect(s.size).toBe(0);
  });
});
