/**
 * @module The Redis-backed store: one ioredis client (each tick's commands in one write, so many
 * chats' commands share a syscall) serving sessions, chat logs and dossiers.
 */
import type { Redis } from 'ioredis';
import { MotcuaError } from '../errors.ts';
import { RedisChatLog } from './redis-chat-log.ts';
import { RedisDossiers } from './redis-dossiers.ts';
import { RedisSessions, type RedisSessionOptions } from './redis-sessions.ts';
import { RedisSubscriptions } from './redis-subscriptions.ts';
import type { Store } from './store.ts';
import { TickBatchedRedis } from './tick-batched-redis.ts';

export interface RedisStoreOptions extends Partial<RedisSessionOptions> {
  url: string;
}

export const REDIS_DEFAULTS: RedisSessionOptions = {
  prefix: 'motcua:',
  leaseMs: 15_000,
  waitMs: 30_000,
  sessionTtlS: 30 * 86_400,
  seenTtlS: 86_400,
  // 4 KB outside the JS heap each, taken as chats come: 40 MB at most.
  sessionCopies: 10_000,
};

export function createRedisClient(url: string): Redis {
  return new TickBatchedRedis(url, {
    // Batched by TickBatchedRedis instead (see there why not ioredis' own).
    enableAutoPipelining: false,
    // Fail commands fast while disconnected instead of queueing them forever; /healthz reports it.
    maxRetriesPerRequest: 2,
    lazyConnect: false,
  });
}

export function createRedisStore(opts: RedisStoreOptions, client: Redis = createRedisClient(opts.url)): Store {
  const o = { ...REDIS_DEFAULTS, ...opts };
  return {
    kind: 'redis',
    subscriptions: new RedisSubscriptions(client, o.prefix),
    counters: {
      hit: async (key, windowS) => {
        const k = `${o.prefix}counter:${key}`;
        const res = await client.multi().incr(k).expire(k, windowS, 'NX').exec();
        const n = res?.[0]?.[1];
        if (typeof n !== 'number') throw new MotcuaError('STORE_UNAVAILABLE', 'unexpected reply to a counter');
        return n;
      },
      count: async (key) => Number((await client.get(`${o.prefix}counter:${key}`)) ?? 0),
    },
    sessions: new RedisSessions(client, o),
    chatLog: new RedisChatLog(client, o.prefix, o.sessionTtlS),
    dossiers: new RedisDossiers(client, o.prefix),
    ping: async () => {
      const pong = await client.ping();
      if (pong !== 'PONG') throw new MotcuaError('STORE_UNAVAILABLE', `Redis answered ${pong}`);
    },
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
