/**
 * @module The two places the outbox (and the gateway and dossier service, which share its job
 * queues) can keep its work: this process's memory for the memory store, or Redis with BullMQ.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.ts';
import { bullJobQueues } from './bull-job-queues.ts';
import type { DeliveryLedger } from './delivery-ledger.ts';
import type { JobQueues } from './job-queue.ts';
import { MemoryDeliveryLedger } from './memory-delivery-ledger.ts';
import { memoryJobQueues } from './memory-job-queue.ts';
import { RedisDeliveryLedger } from './redis-delivery-ledger.ts';

export interface DeliveryBackend {
  queues: JobQueues;
  ledger: DeliveryLedger;
}

export function memoryDeliveryBackend(): DeliveryBackend {
  return { queues: memoryJobQueues(), ledger: new MemoryDeliveryLedger() };
}

export interface RedisDeliveryOptions {
  /** The app's client: the ledger uses it as is; BullMQ gets duplicates with the same settings. */
  client: Redis;
  /** The app's key prefix (REDIS_PREFIX). */
  prefix: string;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** A dead worker's job is handed to another after this long. Default 30 s. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** How long delivery states are kept. Default 180 days. */
  ledgerTtlS?: number;
}

export function redisDeliveryBackend(opts: RedisDeliveryOptions): DeliveryBackend {
  return {
    queues: bullJobQueues({
      client: opts.client,
      prefix: opts.prefix,
      logger: opts.logger,
      ...(opts.lockDurationMs !== undefined ? { lockDurationMs: opts.lockDurationMs } : {}),
      ...(opts.stalledIntervalMs !== undefined ? { stalledIntervalMs: opts.stalledIntervalMs } : {}),
    }),
    ledger: new RedisDeliveryLedger(opts.client, { prefix: opts.prefix, ...(opts.ledgerTtlS !== undefined ? { ttlS: opts.ledgerTtlS } : {}) }),
  };
}
