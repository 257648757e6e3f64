/**
 * Status pushes on Redis (store + BullMQ outbox) through the real channels: the web chat's log
 * and Telegram — the real telegraf client against the fake Bot API — with the submitter on the
 * web and followers on Telegram and the web. Each change reaches each chat exactly once; a 429's
 * retry_after is waited out; a 403 marks the chat unreachable; a 5xx is retried.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../src/channels/telegram/telegram-channel.ts';
import { WebChannel } from '../../src/channels/web/web-channel.ts';
import { DossierService } from '../../src/dossiers/dossier-service.ts';
import type { ChatIdentity, Dossier } from '../../src/dossiers/dossier.ts';
import { statusPushes } from '../../src/dossiers/status-pushes.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { redisDeliveryBackend, type DeliveryBackend } from '../../src/outbox/delivery-backend.ts';
import { DurableOutbox } from '../../src/outbox/durable-outbox.ts';
import { createRedisClient, createRedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/store.ts';
import { FAST_TELEGRAM_LIMITS } from '../e2e/e2e-support.ts';
import { FakeTelegram } from '../support/fake-telegram/index.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../support/redis.ts';
import { FAST_RETRY, MESSAGES, sampleDossier, sleep, until } from './outbox-support.ts';

const OWNER: ChatIdentity = { channel: 'web', chatId: 'owner-w1', locale: 'vi' };
const AUNT: ChatIdentity = { channel: 'web', chatId: 'aunt-w2', locale: 'vi' };
const at = (min: number): Date => new Date(Date.parse('2026-11-20T03:00:00Z') + min * 60_000);

let fake: FakeTelegram;
let prefix: string;
let client: ReturnType<typeof createRedisClient>;
let store: Store;
let backend: DeliveryBackend;
let web: WebChannel;
let telegram: TelegramChannel;
let outbox: DurableOutbox;
let service: DossierService;

beforeAll(async () => {
  fake = await FakeTelegram.start();
});

afterAll(async () => {
  await fake.close();
});

beforeEach(async () => {
  fake.clearFaults();
  prefix = uniquePrefix('push');
  client = createRedisClient(testRedisUrl());
  store = createRedisStore({ url: testRedisUrl(), prefix }, client);
  backend = redisDeliveryBackend({ client, prefix, logger: silentLogger() });
  web = new WebChannel(store.chatLog);
  telegram = new TelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    logger: silentLogger(),
    // One try per call inside the channel: retries are the outbox's job here.
    limits: { ...FAST_TELEGRAM_LIMITS, retry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 40, rateLimitedAttempts: 1 } },
  });
  outbox = new DurableOutbox({ ...backend, logger: silentLogger(), channels: [web, telegram], retry: FAST_RETRY });
  service = new DossierService({ dossiers: store.dossiers, outbox, messages: MESSAGES, logger: silentLogger(), queues: backend.queues });
  await outbox.start();
  await service.start();
});

afterEach(async () => {
  await service.stop();
  await outbox.stop();
  await telegram.stop();
  await backend.queues.close();
  await deleteKeys(testRedisUrl(), prefix);
  await store.close();
});

async function webTexts(chatId: string): Promise<string[]> {
  return (await web.history(chatId, 0, 100)).map((e) => e.message.text);
}

async function submit(tgChat: number): Promise<Dossier> {
  const son: ChatIdentity = { channel: 'telegram', chatId: String(tgChat), locale: 'en' };
  return (await store.dossiers.create(sampleDossier(OWNER, [son, AUNT]))).dossier;
}

describe('status pushes through web and Telegram on Redis', () => {
  it('sends every change to the submitter and each follower exactly once, on their channel', async () => {
    const d = await submit(7001);
    await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    await service.transition(d.code, { action: 'process', by: 'official:lan', at: at(1) });
    await service.requestSupplement(d.code, { steps: ['child_name'], message: 'Tên chưa đúng.', by: 'official:lan', at: at(2) });
    await service.completeSupplement(d.code, { answers: { child_name: 'Nguyễn Văn Bình' }, photoSteps: new Set(), by: 'citizen', at: at(3) });
    await service.transition(d.code, { action: 'result_ready', by: 'official:lan', at: at(4), note: 'Mời bạn nhận kết quả tại Bộ phận Một cửa phường Bến Thành, thời gian: 8:00–11:30.' });
    await service.transition(d.code, { action: 'complete', by: 'official:lan', at: at(5) });
    // Submitter: every change but the supplement they answered in chat themselves. Followers: all six.
    await until(async () => (await webTexts(OWNER.chatId)).length === 5 && (await webTexts(AUNT.chatId)).length === 6 && fake.messages(7001).length === 6, 'all pushes', 10_000);
    await sleep(300);
    const owner = await webTexts(OWNER.chatId);
    expect(owner).toHaveLength(5);
    expect(owner[0]).toContain(`Hồ sơ ${d.code}`);
    expect(owner[2]).toContain('Bạn gõ “bổ sung”');
    expect(await webTexts(AUNT.chatId)).toHaveLength(6);
    const son = fake.messages(7001).map((m) => m.text ?? '');
    expect(son).toHaveLength(6);
    expect(son[0]).toContain('New status: received');
    expect(son[4]).toContain('The result is ready.');
    const states = await outbox.forDossier(d.code);
    expect(states).toHaveLength(17);
    expect(states.every((s) => s.status === 'sent' && s.attempts === 1)).toBe(true);
  });

  it('announcing a change twice still sends one message per chat', async () => {
    const d = await submit(7005);
    const after = await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    await outbox.enqueue(statusPushes(after, 1, MESSAGES));
    await until(() => fake.messages(7005).length === 1, 'telegram push');
    await outbox.enqueue(statusPushes(after, 1, MESSAGES));
    await sleep(400);
    expect(fake.messages(7005)).toHaveLength(1);
    expect(await webTexts(OWNER.chatId)).toHaveLength(1);
  });

  it('waits for retry_after when Telegram answers 429, without counting an attempt', async () => {
    const d = await submit(7002);
    fake.fail({ method: 'sendMessage', chatId: 7002, error: { code: 429, retryAfter: 1 } });
    const t0 = Date.now();
    await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    await until(() => fake.messages(7002).length === 1, 'the push after retry_after', 10_000);
    const calls = fake.callsTo('sendMessage', 7002);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    const id = `status:${d.code}:1:telegram:7002`;
    await until(async () => (await outbox.state(id))?.status === 'sent', 'state sent');
    expect(await outbox.state(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('marks a chat that blocked the bot (403) unreachable and does not retry it', async () => {
    const d = await submit(7003);
    fake.block(7003);
    await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    const id = `status:${d.code}:1:telegram:7003`;
    await until(async () => (await outbox.state(id))?.status === 'unreachable', 'unreachable', 10_000);
    await sleep(300);
    expect(fake.callsTo('sendMessage', 7003)).toHaveLength(1);
    expect(await outbox.unreachable.has('telegram:7003')).toBe(true);
    // The others still got theirs.
    expect(await webTexts(OWNER.chatId)).toHaveLength(1);
    fake.unblock(7003);
  });

  it('retries after 5xx answers and sends once', async () => {
    const d = await submit(7004);
    fake.fail({ method: 'sendMessage', chatId: 7004, times: 2, error: { code: 502 } });
    await service.transition(d.code, { action: 'receive', by: 'official:lan', at: at(0) });
    await until(() => fake.messages(7004).length === 1, 'the push after two 502s', 10_000);
    const id = `status:${d.code}:1:telegram:7004`;
    await until(async () => (await outbox.state(id))?.status === 'sent', 'state sent');
    expect(fake.callsTo('sendMessage', 7004).map((c) => c.status)).toEqual([502, 502, 200]);
    expect(await outbox.state(id)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(fake.messages(7004)).toHaveLength(1);
  });

  it('resumes an item after the messages that went out whole: a split text is not repeated, the message after it not skipped', async () => {
    const long = Array.from({ length: 4 }, (_, i) => `Đoạn ${i + 1}. ${'Giấy tờ cần mang theo khi đến nhận kết quả. '.repeat(40).trim()}`).join('\n\n');
    const id = 'test:split:telegram:7006';
    // Both parts of the long text go out; the short message after it meets a 502.
    fake.fail({ method: 'sendMessage', chatId: 7006, after: 2, error: { code: 502 } });
    await outbox.enqueue([{ id, channel: 'telegram', chatId: '7006', messages: [{ text: long }, { text: 'Mã hồ sơ: HS-7K2M-9QXD' }], topic: { kind: 'test' } }]);
    await until(async () => (await outbox.state(id))?.status === 'sent', 'state sent', 10_000);
    expect(fake.callsTo('sendMessage', 7006).map((c) => c.status)).toEqual([200, 200, 502, 200]);
    const texts = fake.messages(7006).map((m) => m.text ?? '');
    expect(texts).toHaveLength(3);
    expect(texts.slice(0, 2).join('\n\n')).toBe(long);
    expect(texts[2]).toBe('Mã hồ sơ: HS-7K2M-9QXD');
  });
});
