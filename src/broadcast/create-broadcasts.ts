/**
 * @module Builds broadcast delivery for the composition root: the repository on the app's
 * Redis client when the store is Redis (else memory), channel rates from the environment,
 * and the BroadcastDelivery service over the app's outbox.
 */
import type { Redis } from 'ioredis';
import type { Env } from '../config/config.ts';
import type { Logger } from '../log/logger.ts';
import type { MediaStore } from '../media/media-store.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { Store } from '../store/store.ts';
import { BroadcastDelivery, type BroadcastDeliveryDeps } from './broadcast-delivery.ts';
import { channelRates } from './channel-rates.ts';
import { MemoryBroadcastRepo } from './memory-broadcast-repo.ts';
import { RedisBroadcastRepo } from './redis-broadcast-repo.ts';

export interface CreateBroadcastsDeps {
  env: Env;
  store: Store;
  /** The app's client when the store is on Redis. */
  redis?: Redis;
  outbox: Outbox;
  media: MediaStore;
  logger: Logger;
  /** Tests and benchmarks. */
  tuning?: Pick<BroadcastDeliveryDeps, 'tickMs' | 'pollMs' | 'windowSeconds' | 'leaseMs'>;
}

export function createBroadcasts(deps: CreateBroadcastsDeps): BroadcastDelivery {
  const { env, store } = deps;
  const repo = deps.redis && store.kind === 'redis' ? new RedisBroadcastRepo(deps.redis, env.REDIS_PREFIX) : new MemoryBroadcastRepo();
  return new BroadcastDelivery({
    repo,
    outbox: deps.outbox,
    subscriptions: store.subscriptions,
    media: deps.media,
    logger: deps.logger.child({ module: 'broadcast' }),
    rateOf: channelRates(env),
    leaseMs: env.BROADCAST_LEASE_MS,
    ...deps.tuning,
  });
}
