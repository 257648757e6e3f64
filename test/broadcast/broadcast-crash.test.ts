/**
 * A broadcast survives its process being killed. `motcua start` (Redis, Telegram against the
 * fake Bot API) delivers to 150 subscribers; after 50 messages the fake server keeps taking
 * messages but holds its answers, so the next messages are in flight — taken by Telegram,
 * unanswered — when the process is SIGKILLed. A second process resumes the broadcast: the
 * in-flight ones are recorded DELIVERY_UNCERTAIN (not resent), the rest delivered. The fake
 * server's log proves every recipient got exactly one message. Then items claimed but waiting
 * out a 429 (nothing on the wire) when the process dies: the next process sends them. Own redis-server. (Most of the
time goes into booting two app processes, ~7 s each here.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { broadcastItemId } from '../../src/broadcast/broadcast-item.ts';
import { emptyProgress } from '../../src/broadcast/broadcast-record.ts';
import { RedisBroadcastRepo } from '../../src/broadcast/redis-broadcast-repo.ts';
import { createRedisClient, createRedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/store.ts';
import type { Redis } from 'ioredis';
import { until } from '../outbox/outbox-support.ts';
import { startAppProcess, type AppProcess } from '../support/app-process.ts';
import { FakeTelegram } from '../support/fake-telegram/index.ts';
import { startRedisServer, type PrivateRedis } from '../support/redis.ts';
import { sub, subscribeMany } from './broadcast-support.ts';

const N = 150;
const BEFORE = 50;
/**
 * OUTBOX_CONCURRENCY: sends at once. Held, they take every worker: the rest of the broadcast's
 * window (2 s of TELEGRAM_RATE_GLOBAL 100 = 200 items) waits unclaimed in the outbox queue.
 */
const IN_FLIGHT = 20;
const chats = Array.from({ length: N }, (_, i) => 820_000 + i);

let redis: PrivateRedis;
let fake: FakeTelegram;
let store: Store;
let client: Redis;
let dataDir: string;
const apps: AppProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  fake = await FakeTelegram.start();
  client = createRedisClient(redis.url);
  store = createRedisStore({ url: redis.url }, client);
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-bc-crash-'));
});

afterAll(async () => {
  for (const a of apps) if (a.child.exitCode === null && a.child.signalCode === null) await a.kill('SIGKILL');
  await store.close();
  await fake.close();
  await redis.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('a process killed mid-broadcast is resumed by the next one: every recipient gets exactly one message', { timeout: 45_000 }, async () => {
  await subscribeMany(store, chats.map((c) => sub('telegram', String(c))));
  const env = appEnv({ TELEGRAM_RATE_GLOBAL: '100', OUTBOX_CONCURRENCY: String(IN_FLIGHT) });
  const first = await startAppProcess(env);
  apps.push(first);

  // As the console would: a broadcast to send now. The running process picks it up.
  const repo = new RedisBroadcastRepo(client, 'motcua:');
  const id = 'crash1';
  const now = new Date().toISOString();
  await repo.insert({
    meta: { id, createdBy: 'official:lan', createdAt: now, text: { vi: 'Thông báo mất điện' }, segment: {} },
    status: 'sending',
    startedAt: now,
    frozen: false,
    progress: emptyProgress(),
  });

  const hold = fake.hold({ method: 'sendMessage', after: BEFORE });
  // Every worker waits for an answer to a message Telegram took; nothing else can be claimed.
  await fake.waitForHeld(IN_FLIGHT, 15_000);
  expect(await claimsOf(id)).toBe(IN_FLIGHT);
  await first.kill('SIGKILL');
  hold.release();
  expect(chats.filter((c) => fake.messages(c).length === 1)).toHaveLength(BEFORE + IN_FLIGHT);

  const second = await startAppProcess(env);
  apps.push(second);
  await until(async () => (await repo.get(id))?.status === 'done', 'the second process to finish the broadcast', 20_000);

  const perChat = chats.map((c) => ({ chat: c, messages: fake.messages(c).length }));
  expect(perChat.filter((x) => x.messages !== 1)).toEqual([]);
  expect(fake.callsTo('sendMessage')).toHaveLength(N);
  const b = await repo.get(id);
  expect(b?.progress.counts).toEqual({ recipients: N, sent: N - IN_FLIGHT, failed: IN_FLIGHT, uncertain: IN_FLIGHT, unreachable: 0, cancelled: 0, remaining: 0 });
  // It shares the Redis and the bot with the next test's processes: it must not work for them.
  await second.kill('SIGKILL');
});

it('items claimed but waiting out a 429 when the process dies are sent by the next one, not judged uncertain', { timeout: 60_000 }, async () => {
  const paced = Array.from({ length: 60 }, (_, i) => 830_000 + i);
  // In a ward of their own: the first test's subscribers are not in this broadcast's audience.
  await subscribeMany(store, paced.map((c) => sub('telegram', String(c), { wardCode: '26737', ward: 'Phường Sài Gòn' })));
  const env = appEnv({ TELEGRAM_RATE_GLOBAL: '10', OUTBOX_CONCURRENCY: '20' });
  const first = await startAppProcess(env);
  apps.push(first);
  const repo = new RedisBroadcastRepo(client, 'motcua:');
  const id = 'crash2';
  const now = new Date().toISOString();
  await repo.insert({ meta: { id, createdBy: 'official:lan', createdAt: now, text: { vi: 'Lịch cắt nước' }, segment: { wardCodes: ['26737'] } }, status: 'sending', startedAt: now, frozen: false, progress: emptyProgress() });

  const delivered = (): number => paced.filter((c) => fake.messages(c).length > 0).length;
  await until(() => delivered() >= 15, 'some messages out', 20_000);
  // Telegram says "retry after 5 s": the whole bot waits, and the workers' next items with it.
  fake.fail({ method: 'sendMessage', error: { code: 429, retryAfter: 5 } });
  await until(async () => (await claimsOf(id, paced, 'off')) >= 10, 'items claimed and waiting', 10_000);
  const before = delivered();
  await first.kill('SIGKILL');

  const second = await startAppProcess(env);
  apps.push(second);
  await until(async () => (await repo.get(id))?.status === 'done', 'the second process to finish the broadcast', 30_000);
  const counts = (await repo.get(id))!.progress.counts;
  const uncertain = counts.uncertain ?? 0;
  expect(before).toBeLessThan(paced.length);
  // At most a request on the wire at the kill is uncertain (before, every waiting one was).
  expect(uncertain).toBeLessThanOrEqual(1);
  expect(counts.recipients).toBe(paced.length);
  expect(counts.sent + uncertain).toBe(paced.length);
  expect(paced.filter((c) => fake.messages(c).length > 1)).toEqual([]);
  expect(paced.filter((c) => fake.messages(c).length === 0).length).toBeLessThanOrEqual(uncertain);
});

/** `motcua start` on the test's Redis and fake Bot API, taking over quickly after a death. */
function appEnv(limits: { TELEGRAM_RATE_GLOBAL: string; OUTBOX_CONCURRENCY: string }): Record<string, string> {
  return {
    REDIS_URL: redis.url,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    BROADCAST_RATE_SHARE: '1',
    BROADCAST_LEASE_MS: '1000',
    OUTBOX_TAKEOVER_MS: '1000',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...limits,
  };
}

/** Items of the broadcast whose claim is in place (sent or being sent, not yet recorded). */
async function claimsOf(id: string, of: number[] = chats, wire?: 'off'): Promise<number> {
  const held = await Promise.all(of.map((c) => client.hmget(`motcua:outbox:item:${broadcastItemId(id, 'telegram', String(c))}`, 'claim', 'wire')));
  return held.filter(([claim, w]) => claim !== null && (wire !== 'off' || w === '0')).length;
}
