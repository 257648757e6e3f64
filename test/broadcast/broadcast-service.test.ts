/**
 * The broadcast service on both backends (memory, and Redis with BullMQ): drafts validated,
 * segments counted, images and links rendered, pause/resume/cancel, scheduling (surviving a
 * restart of the service), and the status rules.
 */
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isMotcuaError } from '../../src/errors.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createRedisClient, createRedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/store.ts';
import { blocked, until } from '../outbox/outbox-support.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';
import { harness, reportOf, sub, subscribeMany, waitForStatus, type Harness } from './broadcast-support.ts';

const clients: Redis[] = [];
afterAll(async () => {
  for (const c of clients) await c.quit();
});

describe.each(['memory', 'redis'] as const)('on %s', (kind) => {
  let store: Store;
  let redis: Redis | undefined;
  let prefix: string;
  const open: Harness[] = [];

  beforeAll(() => {
    if (kind === 'redis') clients.push((redis = createRedisClient(testRedisUrl())));
  });

  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  async function make(opts: { rate?: number } = {}): Promise<Harness> {
    prefix = uniquePrefix('broadcast');
    store = redis ? createRedisStore({ url: testRedisUrl(), prefix }, redis) : createMemoryStore();
    const h = await harness(store, { ...(redis ? { redis, prefix } : {}), ...opts });
    open.push(h);
    return h;
  }

  it('counts a segment by ward, topic, language and channel, without unreachable chats', async () => {
    const h = await make();
    await subscribeMany(store, [
      sub('telegram', '1', { wardCode: 'A', topics: ['general', 'emergency'] }),
      sub('telegram', '2', { wardCode: 'B', topics: ['business'], locale: 'en' }),
      sub('zalo', 'z1', { wardCode: 'A', topics: ['emergency'] }),
      sub('web', 'w1', { wardCode: 'A', topics: ['civil_status'], locale: 'en' }),
      sub('telegram', '3', { wardCode: 'A', topics: ['emergency'] }),
    ]);
    // Chat 3 blocked the bot during an earlier push.
    await h.outbox.enqueue([{ id: 'status:X:1:telegram:3', channel: 'telegram', chatId: '3', messages: [{ text: 'x' }], topic: { kind: 'status', dossierCode: 'X' } }]);
    await until(async () => (await h.outbox.state('status:X:1:telegram:3'))?.status === 'sent', 'the push');
    h.channels.telegram.fail(blocked, { chatId: '3' });
    await h.outbox.enqueue([{ id: 'status:X:2:telegram:3', channel: 'telegram', chatId: '3', messages: [{ text: 'y' }], topic: { kind: 'status', dossierCode: 'X' } }]);
    await until(() => h.outbox.unreachable.has('telegram:3'), 'chat 3 to be unreachable');

    expect(await h.service.count({})).toEqual({ total: 4, byChannel: { telegram: 2, zalo: 1, web: 1 }, byLocale: { vi: 2, en: 2 } });
    expect((await h.service.count({ wardCodes: ['A'] })).total).toBe(3);
    expect((await h.service.count({ topics: ['emergency'] })).byChannel).toEqual({ telegram: 1, zalo: 1 });
    expect((await h.service.count({ locales: ['en'] })).total).toBe(2);
    expect((await h.service.count({ channels: ['telegram', 'web'], wardCodes: ['A'] })).total).toBe(2);
    expect((await h.service.count({ wardCodes: ['A'], topics: ['business'] })).total).toBe(0);

    // The broadcast goes to exactly the counted segment.
    const b = await h.service.create({ text: { vi: 'Cảnh báo ngập' }, segment: { wardCodes: ['A'], topics: ['emergency', 'civil_status'] } }, 'official:lan');
    await waitForStatus(h.service, b.id, 'done');
    expect((await reportOf(h.service, b.id)).map((r) => `${r.channel}:${r.chatId}:${r.status}`).sort()).toEqual(['telegram:1:sent', 'web:w1:sent', 'zalo:z1:sent']);
    expect(h.channels.telegram.to('3')).toEqual(['x']);
  });

  it('refuses invalid drafts with the zod issues, and a missing image', async () => {
    const h = await make();
    const err = await h.service.create({ text: { vi: ' ' }, link: 'ftp://x', segment: {} }, 'official:lan').catch((e: unknown) => e);
    expect(isMotcuaError(err, 'BAD_REQUEST')).toBe(true);
    const paths = ((err as { details: { issues: { path: string[] }[] } }).details.issues).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['text.vi', 'link']));
    await expect(h.service.create({ text: { vi: 'a' }, imageId: 'nope', segment: {} }, 'official:lan')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await h.service.list()).toEqual([]);
  });

  it('sends the image with the text and the link, and a test send to one chat', async () => {
    const h = await make();
    const img = await h.media.put(new Uint8Array([0xff, 0xd8, 0xff, 9]), 'image/jpeg');
    await subscribeMany(store, [sub('zalo', 'z1', { locale: 'en' })]);
    const draft = { text: { vi: 'Lịch tiếp dân', en: 'Office hours' }, imageId: img.id, link: 'https://ubnd.example.vn', segment: {} };
    expect(await h.service.render(draft, 'vi')).toEqual([{ text: 'Lịch tiếp dân\n\nhttps://ubnd.example.vn', image: { data: new Uint8Array([0xff, 0xd8, 0xff, 9]), mime: 'image/jpeg' } }]);
    await h.service.testSend(draft, { channel: 'telegram', chatId: '42', locale: 'vi' }, 'official:lan');
    await until(() => h.channels.telegram.sent.length === 1, 'the test send');
    expect(h.channels.telegram.to('42')).toEqual(['Lịch tiếp dân\n\nhttps://ubnd.example.vn']);
    const b = await h.service.create(draft, 'official:lan');
    await waitForStatus(h.service, b.id, 'done');
    const [sent] = h.channels.zalo.sent;
    expect(sent?.messages[0]?.text).toBe('Office hours\n\nhttps://ubnd.example.vn');
    expect(Array.from(sent?.messages[0]?.image?.data ?? [])).toEqual([0xff, 0xd8, 0xff, 9]);
    expect((await h.service.list()).map((x) => x.id)).toEqual([b.id]);
    expect(await h.service.get(b.id)).toMatchObject({ id: b.id, createdBy: 'official:lan', status: 'done', counts: { recipients: 1, sent: 1 } });
  });

  it('pauses within the window, resumes where it stopped, and sends nobody twice', async () => {
    const h = await make({ rate: 40 });
    await subscribeMany(store, Array.from({ length: 60 }, (_, i) => sub('telegram', String(5000 + i))));
    const b = await h.service.create({ text: { vi: 'Thông báo' }, segment: {} }, 'official:lan');
    await until(() => h.channels.telegram.sent.length >= 10, '10 sends');
    const paused = await h.service.pause(b.id, 'official:lan');
    expect(paused.status).toBe('paused');
    await expect(h.service.pause(b.id, 'official:lan')).rejects.toMatchObject({ code: 'TRANSITION_INVALID' });
    // The items already handed to the outbox finish; then nothing moves.
    await until(async () => {
      const p = await h.service.progress(b.id);
      return p?.inFlight === 0;
    }, 'the window to drain');
    const atPause = h.channels.telegram.sent.length;
    expect(atPause).toBeLessThan(60);
    const p = await h.service.progress(b.id);
    expect(p).toMatchObject({ status: 'paused', ratePerSecond: 0, etaSeconds: null, inFlight: 0, counts: { recipients: 60, sent: atPause, remaining: 60 - atPause } });
    // Paused for real: a few pacing periods later still the same (pacing is 40/s here).
    await new Promise((r) => setTimeout(r, 200));
    expect(h.channels.telegram.sent.length).toBe(atPause);

    expect((await h.service.resume(b.id, 'official:lan')).status).toBe('sending');
    await waitForStatus(h.service, b.id, 'done');
    const chats = h.channels.telegram.sent.map((s) => s.chatId);
    expect(chats).toHaveLength(60);
    expect(new Set(chats).size).toBe(60);
    expect((await h.service.progress(b.id))?.counts).toEqual({ recipients: 60, sent: 60, failed: 0, unreachable: 0, cancelled: 0, remaining: 0 });
    await expect(h.service.resume(b.id, 'official:lan')).rejects.toMatchObject({ code: 'TRANSITION_INVALID' });
  });

  it('cancels: recipients not yet handed over are marked cancelled, in counts and in the report', async () => {
    const h = await make({ rate: 40 });
    await subscribeMany(store, Array.from({ length: 60 }, (_, i) => sub('telegram', String(7000 + i))));
    const b = await h.service.create({ text: { vi: 'Thông báo' }, segment: {} }, 'official:lan');
    await until(() => h.channels.telegram.sent.length >= 5, '5 sends');
    expect((await h.service.cancel(b.id, 'official:lan')).status).toBe('cancelled');
    await until(async () => (await h.service.progress(b.id))?.counts.remaining === 0, 'the cancelled count');
    const p = await h.service.progress(b.id);
    const sent = h.channels.telegram.sent.length;
    expect(p?.counts).toEqual({ recipients: 60, sent, failed: 0, unreachable: 0, cancelled: 60 - sent, remaining: 0 });
    expect(sent).toBeLessThan(60);
    const rows = await reportOf(h.service, b.id);
    expect(rows.filter((r) => r.status === 'cancelled')).toHaveLength(60 - sent);
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(sent);
    await expect(h.service.resume(b.id, 'official:lan')).rejects.toMatchObject({ code: 'TRANSITION_INVALID' });
    expect((await h.service.get(b.id))?.finishedAt).toBeDefined();
  });

  it('starts a scheduled broadcast at its time, also after the service restarted', async () => {
    const h = await make();
    await subscribeMany(store, [sub('web', 'w1'), sub('web', 'w2')]);
    const at = new Date(Date.now() + 400).toISOString();
    const b = await h.service.create({ text: { vi: 'Hẹn giờ' }, segment: {}, scheduledAt: at }, 'official:lan');
    expect(b.status).toBe('scheduled');
    if (kind === 'redis') {
      // A restart before the time: the next process starts it.
      await h.close();
      open.splice(open.indexOf(h), 1);
      const again = await harness(store, { redis: redis!, prefix });
      open.push(again);
      await waitForStatus(again.service, b.id, 'done');
      expect(again.channels.web.sent.map((s) => s.chatId).sort()).toEqual(['w1', 'w2']);
    } else {
      await waitForStatus(h.service, b.id, 'done');
      expect(h.channels.web.sent.map((s) => s.chatId).sort()).toEqual(['w1', 'w2']);
    }
    expect(Date.parse((await store.subscriptions.get('web:w1'))!.since)).toBeGreaterThan(0);
  });

  it('cancels a scheduled broadcast before it starts', async () => {
    const h = await make();
    await subscribeMany(store, [sub('web', 'w1')]);
    const b = await h.service.create({ text: { vi: 'Hẹn giờ' }, segment: {}, scheduledAt: new Date(Date.now() + 60_000).toISOString() }, 'official:lan');
    await h.service.cancel(b.id, 'official:lan');
    expect(await h.service.progress(b.id)).toMatchObject({ status: 'cancelled', counts: { recipients: 0, remaining: 0 } });
    expect(await reportOf(h.service, b.id)).toEqual([]);
  });
});
