/**
 * @module Paces how fast a broadcast hands recipients to the outbox, per channel: a token
 * bucket with a small burst. Pacing here — before the outbox claims an item — rather than in
 * the channel means a claimed item is sent at once instead of waiting in the channel's own
 * bucket, which keeps the claim-to-request gap (where a crash makes a delivery uncertain) tiny.
 */
export class SendPacer {
  private tokens: number;
  private at: number;

  constructor(
    readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = Math.min(1, burst);
    this.at = now();
  }

  /** Whole tokens available now, at most `max`; they are taken. */
  take(max: number): number {
    this.refill();
    const n = Math.max(0, Math.min(max, Math.floor(this.tokens)));
    this.tokens -= n;
    return n;
  }

  /** Milliseconds until the next whole token. */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.at) / 1000) * this.perSecond);
    this.at = t;
  }
}
