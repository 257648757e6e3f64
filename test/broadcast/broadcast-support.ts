/**
 * @module Test kit for broadcasts: subscriptions by the hundred, and a BroadcastDelivery over a
 * real DurableOutbox (memory or Redis backend) with recording channels.
 */
import type { Redis } from 'ioredis';
import type { ChannelName } from '../../src/channels/channel.ts';
import type { Subscription, Topic } from '../../src/broadcast/subscription.ts';
import { BroadcastDelivery, type BroadcastDeliveryDeps } from '../../src/broadcast/broadcast-delivery.ts';
import { MemoryBroadcastRepo } from '../../src/broadcast/memory-broadcast-repo.ts';
import { RedisBroadcastRepo } from '../../src/broadcast/redis-broadcast-repo.ts';
import type { BroadcastReportRow, BroadcastService } from '../../src/broadcast/broadcast-service.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { MediaStore } from '../../src/media/media-store.ts';
import { memoryDeliveryBackend, redisDeliveryBackend } from '../../src/outbox/delivery-backend.ts';
import { DurableOutbox } from '../../src/outbox/durable-outbox.ts';
import type { Store } from '../../src/store/store.ts';
import { FAST_RETRY, RecordingChannel } from '../outbox/outbox-support.ts';

export function sub(channel: ChannelName, chatId: string, over: Partial<Subscription> = {}): Subscription {
  return { channel, chatId, locale: 'vi', topics: ['general'] as Topic[], wardCode: '26734', ward: 'Phường Bến Thành', since: '2026-11-01T00:00:00.000Z', ...over };
}

export async function subscribeMany(store: Store, subs: Subscription[]): Promise<void> {
  await Promise.all(subs.map((s) => store.subscriptions.put(s)));
}

/** An in-memory MediaStore with one known image. */
export function fakeMedia(): MediaStore & { ids: Set<string> } {
  const files = new Map<string, { data: Uint8Array; mime: string }>();
  return {
    ids: new Set(files.keys()),
    async put(data, mime) {
      const id = `m${files.size + 1}`;
      files.set(id, { data, mime });
      return { id, mime, bytes: data.length };
    },
    async get(id) {
      return files.get(id) ?? null;
    },
    async delete(id) {
      files.delete(id);
    },
  };
}

export interface Harness {
  service: BroadcastDelivery;
  outbox: DurableOutbox;
  channels: Record<'telegram' | 'zalo' | 'web', RecordingChannel>;
  media: ReturnType<typeof fakeMedia>;
  close(): Promise<void>;
}

export async function harness(store: Store, opts: { redis?: Redis; prefix?: string; rate?: number; tuning?: Partial<BroadcastDeliveryDeps> } = {}): Promise<Harness> {
  const backend = opts.redis ? redisDeliveryBackend({ client: opts.redis, prefix: opts.prefix ?? 'motcua:', logger: silentLogger(), lockDurationMs: 1000, stalledIntervalMs: 1000 }) : memoryDeliveryBackend();
  const channels = { telegram: new RecordingChannel('telegram'), zalo: new RecordingChannel('zalo'), web: new RecordingChannel('web') };
  const outbox = new DurableOutbox({ ...backend, logger: silentLogger(), retry: FAST_RETRY, channels: Object.values(channels) });
  await outbox.start();
  const media = fakeMedia();
  const repo = opts.redis ? new RedisBroadcastRepo(opts.redis, opts.prefix ?? 'motcua:') : new MemoryBroadcastRepo();
  const service = new BroadcastDelivery({
    repo,
    outbox,
    subscriptions: store.subscriptions,
    media,
    logger: silentLogger(),
    rateOf: () => opts.rate ?? 500,
    leaseMs: 2000,
    tickMs: 50,
    pollMs: 20,
    ...opts.tuning,
  });
  await service.start();
  return {
    service,
    outbox,
    channels,
    media,
    close: async () => {
      await service.stop();
      await outbox.stop();
      await backend.queues.close();
    },
  };
}

/** Polls the service until the broadcast has the status (events are in another process's ledger). */
export async function waitForStatus(service: BroadcastService, id: string, status: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const p = await service.progress(id);
    if (p?.status === status) return;
    if (Date.now() > end) throw new Error(`broadcast ${id} is ${p?.status ?? 'missing'} after ${timeoutMs} ms, expected ${status}: ${JSON.stringify(p)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function reportOf(service: BroadcastService, id: string): Promise<BroadcastReportRow[]> {
  const out: BroadcastReportRow[] = [];
  for await (const row of service.report(id)) out.push(row);
  return out;
}
