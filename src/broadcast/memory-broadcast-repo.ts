/**
 * @module Broadcasts in this process's memory (memory store). Records are stored as JSON and
 * parsed back, like the Redis ones, so both behave the same and nothing is shared by reference.
 */
import type { ChannelName } from '../channels/channel.ts';
import type { BroadcastRepo, StatusPatch } from './broadcast-repo.ts';
import type { BroadcastStatus } from './broadcast-service.ts';
import { RecipientSchema, StoredBroadcastSchema, type Recipient, type StoredBroadcast, type StoredProgress } from './broadcast-record.ts';

export class MemoryBroadcastRepo implements BroadcastRepo {
  private readonly records = new Map<string, string>();
  private readonly lists = new Map<string, string[]>();
  private readonly activeIds = new Set<string>();
  private readonly leases = new Map<string, { owner: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async insert(b: StoredBroadcast): Promise<void> {
    this.write(b);
    this.activeIds.add(b.meta.id);
  }

  async get(id: string): Promise<StoredBroadcast | null> {
    const raw = this.records.get(id);
    return raw ? StoredBroadcastSchema.parse(JSON.parse(raw)) : null;
  }

  async list(limit: number): Promise<StoredBroadcast[]> {
    const all = [...this.records.values()].map((raw) => StoredBroadcastSchema.parse(JSON.parse(raw)));
    // Newest first; ids break ties between broadcasts made in the same millisecond.
    all.sort((a, b) => b.meta.createdAt.localeCompare(a.meta.createdAt) || b.meta.id.localeCompare(a.meta.id));
    return all.slice(0, limit);
  }

  async transition(id: string, from: readonly BroadcastStatus[], to: BroadcastStatus, patch: StatusPatch = {}): Promise<StoredBroadcast | null> {
    const b = await this.get(id);
    if (!b || !from.includes(b.status)) return null;
    const next = { ...b, ...patch, status: to };
    this.write(next);
    return next;
  }

  async saveProgress(id: string, progress: StoredProgress): Promise<void> {
    const b = await this.get(id);
    if (b) this.write({ ...b, progress });
  }

  async freeze(id: string, lanes: ReadonlyMap<ChannelName, readonly Recipient[]>, progress: StoredProgress): Promise<void> {
    const b = await this.get(id);
    if (!b || b.frozen) return;
    for (const [channel, list] of lanes) this.lists.set(`${id}:${channel}`, list.map((r) => JSON.stringify(r)));
    this.write({ ...b, frozen: true, progress });
  }

  async recipients(id: string, channel: ChannelName, from: number, to: number): Promise<Recipient[]> {
    return (this.lists.get(`${id}:${channel}`) ?? []).slice(from, to).map((raw) => RecipientSchema.parse(JSON.parse(raw)));
  }

  async active(): Promise<string[]> {
    return [...this.activeIds];
  }

  async setActive(id: string, active: boolean): Promise<void> {
    if (active) this.activeIds.add(id);
    else this.activeIds.delete(id);
  }

  async lease(id: string, owner: string, ms: number): Promise<boolean> {
    const t = this.now();
    const held = this.leases.get(id);
    if (held && held.owner !== owner && held.until > t) return false;
    this.leases.set(id, { owner, until: t + ms });
    return true;
  }

  async release(id: string, owner: string): Promise<void> {
    if (this.leases.get(id)?.owner === owner) this.leases.delete(id);
  }

  private write(b: StoredBroadcast): void {
    this.records.set(b.meta.id, JSON.stringify(StoredBroadcastSchema.parse(b)));
  }
}
