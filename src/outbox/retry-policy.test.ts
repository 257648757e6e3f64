import { describe, expect, it } from 'vitest';
import { MotcuaError } from '../errors.ts';
import { backoffDelay, judgeFailure, sentBeforeFailure, type RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000 };

describe('retry policy', () => {
  it('backs off exponentially with equal jitter, capped', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 0))).toEqual([500, 1000, 2000, 2500, 2500]);
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, policy, () => 1))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it('maps each channel error code to what to do', () => {
    const half = (): number => 0.5;
    expect(judgeFailure(new MotcuaError('DELIVERY_FAILED', 'x'), 0, policy, half)).toEqual({ kind: 'retry', delayMs: 750, counted: true, error: 'DELIVERY_FAILED' });
    expect(judgeFailure(new MotcuaError('DELIVERY_FAILED', 'x'), 3, policy, half)).toEqual({ kind: 'failed', error: 'DELIVERY_FAILED' });
    expect(judgeFailure(new Error('socket hang up'), 0, policy, half)).toMatchObject({ kind: 'retry', counted: true, error: 'DELIVERY_FAILED' });
    expect(judgeFailure(new MotcuaError('RATE_LIMITED', 'x', { retryAfterMs: 30_000 }), 3, policy, () => 0)).toEqual({ kind: 'retry', delayMs: 30_000, counted: false, error: 'RATE_LIMITED' });
    const limited = judgeFailure(new MotcuaError('RATE_LIMITED', 'x', { retryAfterMs: 2000 }), 0, policy, () => 1);
    expect(limited.kind === 'retry' && limited.delayMs).toBeGreaterThanOrEqual(2000);
    expect(judgeFailure(new MotcuaError('CHANNEL_UNREACHABLE', 'x'), 0, policy)).toEqual({ kind: 'unreachable' });
    expect(judgeFailure(new MotcuaError('BAD_REQUEST', 'x'), 0, policy)).toEqual({ kind: 'failed', error: 'BAD_REQUEST' });
    expect(judgeFailure(new MotcuaError('CONFIG_INVALID', 'x'), 0, policy)).toEqual({ kind: 'failed', error: 'CONFIG_INVALID' });
  });

  it('reads how many messages went out before a failure', () => {
    expect(sentBeforeFailure(new MotcuaError('DELIVERY_FAILED', 'x', { sent: 2, total: 3 }))).toBe(2);
    expect(sentBeforeFailure(new MotcuaError('DELIVERY_FAILED', 'x'))).toBe(0);
    expect(sentBeforeFailure(new Error('x'))).toBe(0);
  });
});
