/**
 * @module Counts a broadcast's recipients by the outbox ledger's states, and measures the
 * rate at which they reach a final state (messages per second over the last ten seconds).
 */
import type { DeliveryState } from '../outbox/outbox.ts';
import type { BroadcastCounts } from './broadcast-service.ts';

const RATE_WINDOW_MS = 10_000;

export class DeliveryTally {
  sent = 0;
  failed = 0;
  uncertain = 0;
  unreachable = 0;
  cancelled = 0;
  private readonly finishedAt: number[] = [];
  private readonly since: number;

  constructor(
    private readonly recipients: number,
    private readonly now: () => number = Date.now,
  ) {
    this.since = now();
  }

  /** Counts a final state; `live` when it was just observed (it then counts towards the rate). */
  add(state: Pick<DeliveryState, 'status' | 'error'>, live: boolean): void {
    switch (state.status) {
      case 'sent':
        this.sent += 1;
        break;
      case 'unreachable':
        this.unreachable += 1;
        break;
      case 'failed':
        this.failed += 1;
        if (state.error === 'DELIVERY_UNCERTAIN') this.uncertain += 1;
        break;
      case 'queued':
        return;
    }
    if (live) this.finishedAt.push(this.now());
  }

  counts(): BroadcastCounts {
    const done = this.sent + this.failed + this.unreachable + this.cancelled;
    return {
      recipients: this.recipients,
      sent: this.sent,
      failed: this.failed,
      unreachable: this.unreachable,
      cancelled: this.cancelled,
      remaining: Math.max(0, this.recipients - done),
      ...(this.uncertain > 0 ? { uncertain: this.uncertain } : {}),
    };
  }

  /** Recipients finished per second over the last ten seconds (or since counting began). */
  rate(): number {
    const t = this.now();
    while (this.finishedAt.length > 0 && (this.finishedAt[0] ?? 0) < t - RATE_WINDOW_MS) this.finishedAt.shift();
    const span = Math.max(1000, Math.min(RATE_WINDOW_MS, t - this.since));
    return Math.round((this.finishedAt.length / span) * 1000 * 10) / 10;
  }
}
