/**
 * @module The delivery ledger in Redis, on the app's client (one write per tick): one hash per
 * item, a set of item ids per dossier, a hash of unreachable chats. Items expire after
 * `ttlS` (default 180 days) so the ledger does not grow forever; states read back are
 * parsed with zod.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { MotcuaError } from '../errors.ts';
import { RedisScript } from '../store/redis-script-runner.ts';
import type { DeliveryState, UnreachableChats } from './outbox.ts';
import { claimLost, DeliveryStateSchema, MAX_TAKEOVERS, type ClaimResult, type DeliveryLedger, type LedgerEntry, type Settlement } from './delivery-ledger.ts';
import { CLAIM_ITEM, REGISTER_ITEMS, SETTLE_ITEM, WIRE_ITEM } from './redis-ledger-scripts.ts';

const register = new RedisScript(REGISTER_ITEMS);
const claim = new RedisScript(CLAIM_ITEM);
const settle = new RedisScript(SETTLE_ITEM);
const wire = new RedisScript(WIRE_ITEM);

/** The hash as Redis returns it: strings only. */
const StoredItem = z.object({
  status: DeliveryStateSchema.shape.status,
  attempts: z.coerce.number().int().min(0),
  updatedAt: z.string().default(''),
  error: z.string().optional(),
});

const ClaimReply = z.union([z.tuple([z.literal('go'), z.number().int()]), z.tuple([z.literal('done')]), z.tuple([z.literal('uncertain')])]);

export interface RedisLedgerOptions {
  prefix: string;
  ttlS?: number;
}

class RedisUnreachable implements UnreachableChats {
  constructor(
    private readonly redis: Redis,
    readonly key: string,
  ) {}

  async has(chatKey: string): Promise<boolean> {
    return (await this.redis.hexists(this.key, chatKey)) === 1;
  }

  async list(): Promise<{ chatKey: string; since: string }[]> {
    const all = await this.redis.hgetall(this.key);
    return Object.entries(all).map(([chatKey, since]) => ({ chatKey, since }));
  }

  async clear(chatKey: string): Promise<void> {
    await this.redis.hdel(this.key, chatKey);
  }
}

export class RedisDeliveryLedger implements DeliveryLedger {
  private readonly prefix: string;
  private readonly ttlS: number;
  readonly unreachable: RedisUnreachable;

  constructor(
    private readonly redis: Redis,
    opts: RedisLedgerOptions,
  ) {
    this.prefix = `${opts.prefix}outbox:`;
    this.ttlS = opts.ttlS ?? 180 * 86_400;
    this.unreachable = new RedisUnreachable(redis, `${this.prefix}unreachable`);
  }

  private itemKey(id: string): string {
    return `${this.prefix}item:${id}`;
  }

  private dossierKey(code: string): string {
    return `${this.prefix}dossier:${code}`;
  }

  async register(entries: readonly LedgerEntry[], at: Date): Promise<string[]> {
    if (entries.length === 0) return [];
    const args: (string | number)[] = [at.toISOString(), this.ttlS];
    for (const e of entries) args.push(e.id, e.dossierCode ? this.dossierKey(e.dossierCode) : '');
    const reply = z.array(z.number().int()).safeParse(await register.run(this.redis, entries.map((e) => this.itemKey(e.id)), args));
    if (!reply.success) throw new MotcuaError('STORE_UNAVAILABLE', 'unexpected reply from the outbox register script');
    return reply.data.map((i) => entries[i - 1]!.id);
  }

  async claim(id: string, token: string, at: Date): Promise<ClaimResult> {
    const reply = ClaimReply.safeParse(await claim.run(this.redis, [this.itemKey(id)], [token, at.toISOString(), this.ttlS, MAX_TAKEOVERS]));
    if (!reply.success) throw new MotcuaError('STORE_UNAVAILABLE', 'unexpected reply from the outbox claim script');
    const [kind, parts] = reply.data;
    return kind === 'go' ? { kind, parts: parts ?? 0 } : { kind };
  }

  async wire(id: string, token: string, on: boolean, parts: number): Promise<void> {
    if (Number(await wire.run(this.redis, [this.itemKey(id)], [token, on ? '1' : '0', parts])) !== 1) throw claimLost(id);
  }

  async settle(id: string, token: string, outcome: Settlement, chatKey: string, at: Date): Promise<void> {
    const error = 'error' in outcome ? outcome.error : '';
    const parts = 'parts' in outcome ? outcome.parts : 0;
    const counted = outcome.status === 'queued' && !outcome.counted ? 0 : 1;
    await settle.run(this.redis, [this.itemKey(id), this.unreachable.key], [token, outcome.status, error, parts, counted, chatKey, at.toISOString(), this.ttlS]);
  }

  async markSent(id: string, at: Date): Promise<void> {
    const key = this.itemKey(id);
    await this.redis.multi().hset(key, 'status', 'sent', 'updatedAt', at.toISOString()).hsetnx(key, 'attempts', 0).hdel(key, 'error').expire(key, this.ttlS).exec();
  }

  async state(id: string): Promise<DeliveryState | null> {
    return this.parse(id, await this.redis.hgetall(this.itemKey(id)));
  }

  async forDossier(code: string): Promise<DeliveryState[]> {
    const ids = await this.redis.smembers(this.dossierKey(code));
    const hashes = await Promise.all(ids.map((id) => this.redis.hgetall(this.itemKey(id))));
    return ids.flatMap((id, i) => {
      const s = this.parse(id, hashes[i] ?? {});
      return s ? [s] : [];
    });
  }

  private parse(id: string, hash: Record<string, string>): DeliveryState | null {
    if (Object.keys(hash).length === 0) return null;
    const r = StoredItem.safeParse(hash);
    if (!r.success) throw new MotcuaError('STORE_UNAVAILABLE', `outbox item ${id} is unreadable`);
    const { status, attempts, updatedAt, error } = r.data;
    return { id, status, attempts, updatedAt, ...(error ? { error } : {}) };
  }
}
