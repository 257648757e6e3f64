/**
 * @module Where broadcasts are kept: memory (memory-broadcast-repo.ts) or Redis
 * (redis-broadcast-repo.ts). Status changes are compare-and-set, so an official's pause and
 * the dispatcher's "done" cannot overwrite each other; the recipient list is written once;
 * a lease makes one process at a time deliver a broadcast.
 */
import type { ChannelName } from '../channels/channel.ts';
import type { BroadcastStatus } from './broadcast-service.ts';
import type { Recipient, StoredBroadcast, StoredProgress } from './broadcast-record.ts';

export interface StatusPatch {
  startedAt?: string;
  finishedAt?: string;
}

export interface BroadcastRepo {
  /** Stores a new broadcast and marks it active (its delivery has work to do). */
  insert(b: StoredBroadcast): Promise<void>;
  get(id: string): Promise<StoredBroadcast | null>;
  /** Newest first. */
  list(limit: number): Promise<StoredBroadcast[]>;
  /** Sets `to` when the status is one of `from`; returns the updated broadcast, or null. */
  transition(id: string, from: readonly BroadcastStatus[], to: BroadcastStatus, patch?: StatusPatch): Promise<StoredBroadcast | null>;
  saveProgress(id: string, progress: StoredProgress): Promise<void>;
  /** Writes the recipient list (grouped by channel) and the progress that goes with it; marks it frozen. */
  freeze(id: string, lanes: ReadonlyMap<ChannelName, readonly Recipient[]>, progress: StoredProgress): Promise<void>;
  /** Recipients [from, to) of one channel's frozen list. */
  recipients(id: string, channel: ChannelName, from: number, to: number): Promise<Recipient[]>;
  /** Broadcasts whose delivery may have work left (scheduled, sending, or draining after pause/cancel). */
  active(): Promise<string[]>;
  setActive(id: string, active: boolean): Promise<void>;
  /** Takes or renews the delivery lease for `ms`; false when another owner holds it. */
  lease(id: string, owner: string, ms: number): Promise<boolean>;
  release(id: string, owner: string): Promise<void>;
}
