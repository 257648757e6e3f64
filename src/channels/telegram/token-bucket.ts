/**
 * @module A token bucket that hands out reservations: `reserve()` takes a token now and says
 * how long the caller must wait for it, so callers queue fairly without a timer per bucket.
 * `pause()` holds all sends until a time (Telegram's 429 retry_after).
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = 0;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes one token; returns the milliseconds to wait before using it (0: go now). */
  reserve(): number {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.updatedAt) / 1000) * this.perSecond);
    this.updatedAt = t;
    this.tokens -= 1;
    const paceWait = this.tokens >= 0 ? 0 : (-this.tokens / this.perSecond) * 1000;
    return Math.max(Math.ceil(paceWait), this.pausedUntil - t);
  }

  pause(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** Milliseconds until a pause ends (0 when not paused). */
  pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }
}
