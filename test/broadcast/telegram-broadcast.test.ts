/**
 * A broadcast to 300 Telegram subscribers through the real app (createApp, outbox, telegraf)
 * against the fake Bot API server, which enforces a flood limit below the bot's pace (429 with
 * retry_after), injects extra 429s and has 15 chats that blocked the bot (403). Every other
 * recipient gets exactly one message; the blocked ones end unreachable and unsubscribed; a
 * blocked chat that writes again is reachable again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { TelegramChannel } from '../../src/channels/telegram/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { until } from '../outbox/outbox-support.ts';
import { FakeTelegram } from '../support/fake-telegram/index.ts';
import { reportOf, sub, subscribeMany, waitForStatus } from './broadcast-support.ts';

const N = 300;
const chats = Array.from({ length: N }, (_, i) => 710_000 + i);
const blocked = new Set(chats.filter((_, i) => i % 20 === 7));

let fake: FakeTelegram;
let app: App;
let dataDir: string;

beforeAll(async () => {
  fake = await FakeTelegram.start();
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-bc-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', TELEGRAM_RATE_GLOBAL: '120', BROADCAST_RATE_SHARE: '1' }), port: 0 };
  const telegram = new TelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    logger: silentLogger(),
    limits: { global: { perSecond: 120, burst: 5 }, retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40, rateLimitedAttempts: 5 }, pollingRestartMs: 20, stopTimeoutMs: 1000, typingIntervalMs: 0 },
  });
  app = createApp({ config, logger: silentLogger(), channels: [telegram], broadcastTuning: { pollMs: 20 } });
  await app.start();
});

afterAll(async () => {
  await app.stop();
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('reaches every subscriber once despite 429s, marks blocked chats unreachable and unsubscribes them', { timeout: 25_000 }, async () => {
  await subscribeMany(app.store, chats.map((c, i) => sub('telegram', String(c), { locale: i % 3 === 0 ? 'en' : 'vi' })));
  for (const c of blocked) fake.block(c);
  // The platform allows less than the bot's pace: it answers 429 with retry_after above it.
  fake.limitRate({ globalPerSecond: 100 });
  fake.fail({ method: 'sendMessage', error: { code: 429, retryAfter: 1 }, times: 3 });
  expect((await app.broadcasts.count({ channels: ['telegram'] })).total).toBe(N);

  const b = await app.broadcasts.create({ text: { vi: 'Phường thông báo lịch tiêm chủng', en: 'Vaccination schedule' }, segment: { channels: ['telegram'] } }, 'official:lan');
  await waitForStatus(app.broadcasts, b.id, 'done', 20_000);

  const accepted = fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 200);
  const limited = fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 429);
  expect(limited.length).toBeGreaterThan(3);
  for (const c of chats) {
    const got = accepted.filter((x) => x.chatId === c).length;
    expect({ chat: c, got }).toEqual({ chat: c, got: blocked.has(c) ? 0 : 1 });
  }
  expect(fake.messages(chats[0]!)[0]?.text).toBe('Vaccination schedule');
  expect(fake.messages(chats[1]!)[0]?.text).toBe('Phường thông báo lịch tiêm chủng');

  const p = await app.broadcasts.progress(b.id);
  expect(p?.counts).toEqual({ recipients: N, sent: N - blocked.size, failed: 0, unreachable: blocked.size, cancelled: 0, remaining: 0 });
  const rows = await reportOf(app.broadcasts, b.id);
  expect(rows.filter((r) => r.status === 'unreachable').map((r) => Number(r.chatId)).sort()).toEqual([...blocked].sort());
  for (const c of blocked) {
    expect(await app.store.subscriptions.get(`telegram:${c}`)).toBeNull();
    expect(await app.outbox.unreachable.has(`telegram:${c}`)).toBe(true);
  }
  expect(await app.store.subscriptions.get(`telegram:${chats[0]}`)).not.toBeNull();

  // A chat that unblocked the bot and writes to it is no longer skipped.
  const back = [...blocked][0]!;
  fake.unblock(back);
  fake.limitRate(undefined);
  fake.sendText(back, 'xin chào');
  await until(async () => !(await app.outbox.unreachable.has(`telegram:${back}`)), 'the unreachable mark to be cleared', 5000);
});
