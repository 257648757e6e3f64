/**
 * @module Broadcasts in Redis (app client, key prefix REDIS_PREFIX): a hash per broadcast
 * (`meta` JSON, `status`, `startedAt`, `finishedAt`, `frozen`, `progress` JSON — separate
 * fields so an official's status change and the dispatcher's progress never overwrite each
 * other), a list of recipients per channel, a sorted set for the newest-first list, a set of
 * active broadcasts and a lease key. Everything read back is parsed with zod.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { ChannelName } from '../channels/channel.ts';
import { MotcuaError } from '../errors.ts';
import { RedisScript } from '../store/redis-script-runner.ts';
import type { BroadcastRepo, StatusPatch } from './broadcast-repo.ts';
import type { BroadcastStatus } from './broadcast-service.ts';
import { MetaSchema, ProgressSchema, RecipientSchema, StatusSchema, type Recipient, type StoredBroadcast, type StoredProgress } from './broadcast-record.ts';

/** KEYS: hash · ARGV: to, startedAt|'', finishedAt|'', from… → 1 when changed. */
const TRANSITION = new RedisScript(`
local s = redis.call('HGET', KEYS[1], 'status')
if not s then return 0 end
for i = 4, #ARGV do
  if ARGV[i] == s then
    redis.call('HSET', KEYS[1], 'status', ARGV[1])
    if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'startedAt', ARGV[2]) end
    if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'finishedAt', ARGV[3]) end
    return 1
  end
end
return 0
`);

/** KEYS: lease · ARGV: owner, ms → 1 when taken or renewed. */
const LEASE = new RedisScript(`
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1
`);

const json = <T>(schema: z.ZodType<T>) => z.string().transform((s, ctx) => {
  try {
    return JSON.parse(s) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
}).pipe(schema);

const HashSchema = z.object({
  meta: json(MetaSchema),
  status: StatusSchema,
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  frozen: z.enum(['0', '1']).transform((v) => v === '1'),
  progress: json(ProgressSchema),
});

/** Recipient lists are as big as the audience; they go when the ledger's entries do. */
const LIST_TTL_S = 180 * 86_400;

export class RedisBroadcastRepo implements BroadcastRepo {
  private readonly index: string;
  private readonly activeKey: string;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    this.index = `${prefix}broadcasts`;
    this.activeKey = `${prefix}broadcasts:active`;
  }

  private key(id: string): string {
    return `${this.prefix}broadcast:${id}`;
  }

  private listKey(id: string, channel: ChannelName): string {
    return `${this.prefix}broadcast:${id}:to:${channel}`;
  }

  async insert(b: StoredBroadcast): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key(b.meta.id), {
        meta: JSON.stringify(b.meta),
        status: b.status,
        frozen: b.frozen ? '1' : '0',
        progress: JSON.stringify(b.progress),
        ...(b.startedAt ? { startedAt: b.startedAt } : {}),
      })
      .zadd(this.index, Date.parse(b.meta.createdAt), b.meta.id)
      .sadd(this.activeKey, b.meta.id)
      .exec();
  }

  async get(id: string): Promise<StoredBroadcast | null> {
    return this.parse(id, await this.redis.hgetall(this.key(id)));
  }

  async list(limit: number): Promise<StoredBroadcast[]> {
    const ids = await this.redis.zrevrange(this.index, 0, Math.max(0, limit - 1));
    const all = await Promise.all(ids.map((id) => this.get(id)));
    return all.filter((b): b is StoredBroadcast => b !== null);
  }

  async transition(id: string, from: readonly BroadcastStatus[], to: BroadcastStatus, patch: StatusPatch = {}): Promise<StoredBroadcast | null> {
    const changed = await TRANSITION.run(this.redis, [this.key(id)], [to, patch.startedAt ?? '', patch.finishedAt ?? '', ...from]);
    return changed === 1 ? this.get(id) : null;
  }

  async saveProgress(id: string, progress: StoredProgress): Promise<void> {
    await this.redis.hset(this.key(id), 'progress', JSON.stringify(progress));
  }

  async freeze(id: string, lanes: ReadonlyMap<ChannelName, readonly Recipient[]>, progress: StoredProgress): Promise<void> {
    // One transaction: a crash leaves either no list or the whole list. Only the delivery lease
    // holder freezes, and nothing is sent before `frozen`, so a half-done attempt is just redone.
    const m = this.redis.multi();
    for (const [channel, list] of lanes) {
      const k = this.listKey(id, channel);
      m.del(k);
      for (let i = 0; i < list.length; i += 5000) m.rpush(k, ...list.slice(i, i + 5000).map((r) => JSON.stringify(r)));
      m.expire(k, LIST_TTL_S);
    }
    m.hset(this.key(id), 'frozen', '1', 'progress', JSON.stringify(progress));
    await m.exec();
  }

  async recipients(id: string, channel: ChannelName, from: number, to: number): Promise<Recipient[]> {
    if (to <= from) return [];
    const raw = await this.redis.lrange(this.listKey(id, channel), from, to - 1);
    return raw.map((r) => RecipientSchema.parse(JSON.parse(r)));
  }

  async active(): Promise<string[]> {
    return this.redis.smembers(this.activeKey);
  }

  async setActive(id: string, active: boolean): Promise<void> {
    if (active) await this.redis.sadd(this.activeKey, id);
    else await this.redis.srem(this.activeKey, id);
  }

  async lease(id: string, owner: string, ms: number): Promise<boolean> {
    return (await LEASE.run(this.redis, [`${this.key(id)}:lease`], [owner, ms])) === 1;
  }

  async release(id: string, owner: string): Promise<void> {
    await RELEASE.run(this.redis, [`${this.key(id)}:lease`], [owner]);
  }

  private parse(id: string, hash: Record<string, string>): StoredBroadcast | null {
    if (Object.keys(hash).length === 0) return null;
    const r = HashSchema.safeParse(hash);
    if (!r.success) throw new MotcuaError('STORE_UNAVAILABLE', `broadcast ${id} is unreadable`);
    const { meta, status, startedAt, finishedAt, frozen, progress } = r.data;
    return { meta, status, frozen, progress, ...(startedAt ? { startedAt } : {}), ...(finishedAt ? { finishedAt } : {}) };
  }
}
