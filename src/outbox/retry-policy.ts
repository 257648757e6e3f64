/**
 * @module What to do after a send failed, by the error's stable code (channel.ts, errors.ts):
 * DELIVERY_FAILED (and anything unexpected) → retry with exponential backoff and jitter until
 * the attempts run out; RATE_LIMITED → wait `details.retryAfterMs` without using up an
 * attempt; CHANNEL_UNREACHABLE → stop, the chat is unreachable; any other code (a 400 from the
 * platform, a bad token) → failed at once, since trying again would only fail again.
 */
import { isMotcuaError } from '../errors.ts';

export interface RetryPolicy {
  /** Counted tries in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** ~2 s, 4 s, 8 s … capped at 10 min: eight tries span about eight and a half minutes. */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 2000, maxDelayMs: 10 * 60_000 };

export type Verdict =
  | { kind: 'retry'; delayMs: number; counted: boolean; error: string }
  | { kind: 'failed'; error: string }
  | { kind: 'unreachable' };

/**
 * Delay before counted retry number `failures` (1 = after the first failure): exponential,
 * with "equal jitter" — never under half the step, so retries of many items spread out.
 */
export function backoffDelay(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** A counted failure: retry later, or give up with `error` once `failuresBefore + 1` tries were made. */
export function countedFailure(error: string, failuresBefore: number, policy: RetryPolicy, random: () => number = Math.random): Verdict {
  const failures = failuresBefore + 1;
  if (failures >= policy.maxAttempts) return { kind: 'failed', error };
  return { kind: 'retry', delayMs: backoffDelay(failures, policy, random), counted: true, error };
}

export function judgeFailure(err: unknown, failuresBefore: number, policy: RetryPolicy, random: () => number = Math.random): Verdict {
  if (!isMotcuaError(err)) return countedFailure('DELIVERY_FAILED', failuresBefore, policy, random);
  switch (err.code) {
    case 'RATE_LIMITED': {
      const asked = typeof err.details?.retryAfterMs === 'number' && err.details.retryAfterMs >= 0 ? err.details.retryAfterMs : 1000;
      // Never sooner than asked; a little later at random so items paused together do not all return at once.
      return { kind: 'retry', delayMs: Math.round(asked + random() * Math.min(1000, asked * 0.1 + 50)), counted: false, error: 'RATE_LIMITED' };
    }
    case 'CHANNEL_UNREACHABLE':
      return { kind: 'unreachable' };
    case 'DELIVERY_FAILED':
    case 'STORE_UNAVAILABLE':
    case 'LOCK_TIMEOUT':
    case 'INTERNAL':
      return countedFailure(err.code, failuresBefore, policy, random);
    default:
      return { kind: 'failed', error: err.code };
  }
}

/** How many of the item's messages went out whole before a failure (a channel's `details.sent`). */
export function sentBeforeFailure(err: unknown): number {
  const sent = isMotcuaError(err) ? err.details?.sent : undefined;
  return typeof sent === 'number' && Number.isInteger(sent) && sent > 0 ? sent : 0;
}
