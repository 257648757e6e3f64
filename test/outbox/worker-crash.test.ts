/**
 * At most once across a crash: `motcua start` (Redis, Telegram against the fake Bot API) is
 * told a status by the back office, sends the push, and is killed (SIGKILL) after Telegram took
 * the message but before the process could record it. A second process takes the stalled job
 * over, finds the claim the first never settled, and marks the push DELIVERY_UNCERTAIN instead
 * of sending it again; it delivers later pushes normally. Own redis-server: processes are killed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisDeliveryLedger } from '../../src/outbox/redis-delivery-ledger.ts';
import { createRedisClient, createRedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startAppProcess, type AppProcess } from '../support/app-process.ts';
import { FakeTelegram } from '../support/fake-telegram/index.ts';
import { startRedisServer, type PrivateRedis } from '../support/redis.ts';
import { postStatus, SECRET } from '../gateway/gateway-support.ts';
import { sampleDossier, sleep, until } from './outbox-support.ts';

let redis: PrivateRedis;
let fake: FakeTelegram;
let store: Store;
let dataDir: string;
const apps: AppProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  fake = await FakeTelegram.start();
  store = createRedisStore({ url: redis.url }, createRedisClient(redis.url));
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-crash-'));
});

afterAll(async () => {
  // app-process's kill() waits for an exit; one already killed by signal has had it.
  for (const a of apps) if (a.child.exitCode === null && a.child.signalCode === null) await a.kill('SIGKILL');
  await store.close();
  await fake.close();
  await redis.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('a worker killed between send and acknowledgement does not produce a second message', { timeout: 60_000 }, async () => {
  const chat = 8001;
  const d = sampleDossier({ channel: 'telegram', chatId: String(chat), locale: 'vi' });
  await store.dossiers.create(d);
  const env = {
    REDIS_URL: redis.url,
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    GATEWAY_SECRET: SECRET,
    DATA_DIR: dataDir,
    OUTBOX_TAKEOVER_MS: '1000',
    LOG_LEVEL: 'silent',
  };
  const first = await startAppProcess(env);
  apps.push(first);
  // Telegram takes the message but answers late: the window in which the worker dies.
  fake.fail({ method: 'sendMessage', chatId: chat, delayMs: 1500 });
  const r = await postStatus(first.url, { code: d.code, status: 'received', at: new Date().toISOString() });
  expect(r.status).toBe(200);
  await until(() => fake.calls.some((c) => c.method === 'sendMessage' && c.chatId === chat), 'the push to reach Telegram', 10_000);
  await first.kill('SIGKILL');
  await until(() => fake.messages(chat).length === 1, 'Telegram to keep the message', 5000);

  const client = createRedisClient(redis.url);
  const ledger = new RedisDeliveryLedger(client, { prefix: 'motcua:' });
  const id = `status:${d.code}:1:telegram:${chat}`;
  // Claimed and sent, never recorded.
  expect(await ledger.state(id)).toMatchObject({ status: 'queued', attempts: 1 });

  const second = await startAppProcess(env);
  apps.push(second);
  await until(async () => (await ledger.state(id))?.status === 'failed', 'the second process to judge the stalled push', 20_000);
  expect(await ledger.state(id)).toMatchObject({ status: 'failed', error: 'DELIVERY_UNCERTAIN' });

  // The second process works: the next change is delivered, and the first is still not resent.
  const r2 = await postStatus(second.url, { code: d.code, status: 'processing', at: new Date().toISOString() });
  expect(r2.status).toBe(200);
  await until(() => fake.messages(chat).length === 2, 'the next push', 10_000);
  await sleep(1500);
  const texts = fake.messages(chat).map((m) => m.text ?? '');
  expect(texts).toHaveLength(2);
  expect(texts[0]).toContain('đã tiếp nhận');
  expect(texts[1]).toContain('đang giải quyết');
  expect(await ledger.state(`status:${d.code}:2:telegram:${chat}`)).toMatchObject({ status: 'sent' });
  await client.quit();
});
