/**
 * @module Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff
 * And Jitter"): the delay is uniform in [0, min(cap, base·2^attempt)], so many clients that
 * failed together do not retry together.
 */

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

/**
 * @example fullJitterDelay(3, { baseMs: 1000, capMs: 60000 }) // somewhere in [0, 8000)
 */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

/** The upper bound of the jittered delay for `attempt` (0-based). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  // 2^31 already exceeds any sensible cap; clamping the exponent avoids Infinity.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt, 0), 31));
}
