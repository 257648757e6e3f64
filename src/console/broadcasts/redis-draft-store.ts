/**
 * @module Composer drafts in Redis (see draft-store.ts): they outlive a restart, and the
 * preview, confirmation and send may each be served by another process.
 *
 * Keys under the app's prefix: `console:draft:<id>` (the draft as JSON, read back through
 * zod); `console:drafts` (every draft, scored by its last use: which ones have gone idle) and
 * `console:drafts:<owner>` (the official's, for the per-official limit); and
 * `console:draft-sending:<id>` (SET NX: one send per draft, across processes). A draft is
 * dropped when found idle by any process's next draft request, which frees its image; its key
 * lives 180 days beyond, so that its image can still be found and freed then — a week left an
 * image behind whenever nobody opened the composer for a week, and 180 days is what the outbox
 * keeps its records. The keys are small; at most 20 per official.
 */
import type { Redis } from 'ioredis';
import type { ComposeValues } from './compose-values.ts';
import { ComposerDraftSchema, DEFAULT_DRAFT_LIMITS, isDraftId, newDraft, type ComposerDraft, type DraftLimits, type DraftStore, type DropDraft } from './draft-store.ts';

const KEEP_KEY_MS = 180 * 86_400_000;
/** Idle drafts dropped per request at most (the rest go on the next ones). */
const PURGE_BATCH = 20;

export class RedisDraftStore implements DraftStore {
  constructor(
    private readonly redis: Redis,
    /** The app's key prefix (REDIS_PREFIX). */
    private readonly prefix: string,
    private readonly onDrop: DropDraft = () => {},
    private readonly limits: DraftLimits = DEFAULT_DRAFT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async create(owner: string, values: ComposeValues): Promise<ComposerDraft> {
    await this.purge();
    const mine = await this.redis.zrange(this.ownerKey(owner), '0', '-1');
    for (const old of mine.slice(0, Math.max(0, mine.length - this.limits.perOwner + 1))) await this.drop(old, owner);
    const draft = newDraft(owner, values, this.now());
    await this.write(draft);
    return draft;
  }

  async get(id: string | undefined, owner: string): Promise<ComposerDraft | null> {
    await this.purge();
    if (!isDraftId(id)) return null;
    const d = await this.read(id);
    if (!d || d.owner !== owner) return null;
    if (this.now() - d.updatedAt > this.limits.idleMs) {
      await this.drop(id, owner);
      return null;
    }
    d.updatedAt = this.now();
    return (await this.write(d, 'XX')) ? d : null;
  }

  async save(draft: ComposerDraft): Promise<void> {
    draft.updatedAt = this.now();
    // XX: a draft dropped or sent meanwhile is not brought back.
    await this.write(draft, 'XX');
  }

  async claim(draft: ComposerDraft): Promise<boolean> {
    return (await this.redis.set(this.sendingKey(draft.id), '1', 'PX', this.limits.idleMs, 'NX')) === 'OK';
  }

  async unclaim(draft: ComposerDraft): Promise<void> {
    await this.redis.del(this.sendingKey(draft.id));
  }

  async sent(id: string): Promise<void> {
    const d = await this.read(id);
    await this.forget(id, d?.owner);
  }

  async discard(id: string): Promise<void> {
    const d = await this.read(id);
    if (d) await this.drop(id, d.owner);
  }

  /** Drops the drafts nobody used for `idleMs`, a batch at a time. */
  private async purge(): Promise<void> {
    const idle = await this.redis.zrangebyscore(this.indexKey(), '-inf', this.now() - this.limits.idleMs, 'LIMIT', 0, PURGE_BATCH);
    for (const member of idle) {
      const [id, owner] = member.split(' ');
      if (id && owner) await this.drop(id, owner);
    }
  }

  /** Forgets the draft and, if this call removed it (not another process), frees its image. */
  private async drop(id: string, owner: string): Promise<void> {
    const d = await this.read(id);
    if ((await this.forget(id, owner)) && d) this.onDrop(d);
  }

  /** True when the draft's key was there to delete. */
  private async forget(id: string, owner: string | undefined): Promise<boolean> {
    const tx = this.redis.multi().del(this.draftKey(id)).del(this.sendingKey(id));
    if (owner) tx.zrem(this.indexKey(), `${id} ${owner}`).zrem(this.ownerKey(owner), id);
    const res = await tx.exec();
    return res?.[0]?.[1] === 1;
  }

  private async read(id: string): Promise<ComposerDraft | null> {
    const raw = await this.redis.get(this.draftKey(id));
    if (raw === null) return null;
    try {
      const parsed = ComposerDraftSchema.safeParse(JSON.parse(raw));
      return parsed.success && parsed.data.id === id ? parsed.data : null;
    } catch {
      return null;
    }
  }

  /** Stores the draft and its place in both indexes; with XX only over a draft still there. */
  private async write(d: ComposerDraft, mode?: 'XX'): Promise<boolean> {
    const key = this.draftKey(d.id);
    const json = JSON.stringify(d);
    const ok = mode ? await this.redis.set(key, json, 'PX', this.limits.idleMs + KEEP_KEY_MS, 'XX') : await this.redis.set(key, json, 'PX', this.limits.idleMs + KEEP_KEY_MS);
    if (ok !== 'OK') return false;
    await this.redis.multi().zadd(this.indexKey(), d.updatedAt, `${d.id} ${d.owner}`).zadd(this.ownerKey(d.owner), d.updatedAt, d.id).exec();
    return true;
  }

  private draftKey(id: string): string {
    return `${this.prefix}console:draft:${id}`;
  }
  private sendingKey(id: string): string {
    return `${this.prefix}console:draft-sending:${id}`;
  }
  private indexKey(): string {
    return `${this.prefix}console:drafts`;
  }
  private ownerKey(owner: string): string {
    return `${this.prefix}console:drafts:${owner}`;
  }
}
