import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.ts';

describe('TokenBucket', () => {
  it('lets a burst through, then paces at the rate, queueing reservations', () => {
    let now = 0;
    const b = new TokenBucket(2, 3, () => now);
    expect([b.reserve(), b.reserve(), b.reserve()]).toEqual([0, 0, 0]);
    expect(b.reserve()).toBe(500);
    expect(b.reserve()).toBe(1000);
    now = 1000;
    expect(b.reserve()).toBe(500);
    now = 10_000;
    expect(b.reserve()).toBe(0);
  });

  it('holds everything during a pause', () => {
    let now = 0;
    const b = new TokenBucket(100, 10, () => now);
    b.pause(2000);
    expect(b.reserve()).toBe(2000);
    expect(b.pausedFor()).toBe(2000);
    now = 2500;
    expect(b.pausedFor()).toBe(0);
    expect(b.reserve()).toBe(0);
  });
});
