/**
 * Broadcast delivery over the memory backend: every subscriber in the segment gets the text in
 * their language once, unreachable chats are skipped, blocked ones unsubscribed, counts and the
 * report match the outbox ledger; status pushes are not held up by a broadcast.
 */
import { afterEach, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { BroadcastDelivery } from '../../src/broadcast/broadcast-delivery.ts';
import { MemoryBroadcastRepo } from '../../src/broadcast/memory-broadcast-repo.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { memoryDeliveryBackend } from '../../src/outbox/delivery-backend.ts';
import { DurableOutbox } from '../../src/outbox/durable-outbox.ts';
import { blocked, transient, until } from '../outbox/outbox-support.ts';
import { fakeMedia, harness, reportOf, sub, subscribeMany, waitForStatus, type Harness } from './broadcast-support.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('delivers to every subscriber in the segment once, in their language, and reports it', async () => {
  const store = createMemoryStore();
  await subscribeMany(store, [
    ...Array.from({ length: 40 }, (_, i) => sub('telegram', String(1000 + i), { locale: i % 2 ? 'en' : 'vi' })),
    ...Array.from({ length: 10 }, (_, i) => sub('web', `w${i}`)),
    sub('telegram', '999', { topics: ['business'] }),
  ]);
  h = await harness(store);
  h.channels.telegram.fail(transient, { chatId: '1003' });
  h.channels.telegram.fail(blocked, { chatId: '1005' });
  const b = await h.service.create({ text: { vi: 'Nghỉ lễ', en: 'Holiday' }, link: 'https://ubnd.example.vn/tin', segment: { topics: ['general'] } }, 'official:lan');
  expect(b.status).toBe('sending');
  await waitForStatus(h.service, b.id, 'done');

  const tg = h.channels.telegram.sent;
  expect(tg.map((s) => s.chatId).sort()).toEqual(Array.from({ length: 40 }, (_, i) => String(1000 + i)).filter((c) => c !== '1005').sort());
  expect(new Set(tg.map((s) => s.chatId)).size).toBe(tg.length);
  expect(h.channels.telegram.to('1001')).toEqual(['Holiday\n\nhttps://ubnd.example.vn/tin']);
  expect(h.channels.telegram.to('1002')).toEqual(['Nghỉ lễ\n\nhttps://ubnd.example.vn/tin']);
  expect(h.channels.web.sent).toHaveLength(10);

  const p = await h.service.progress(b.id);
  expect(p?.counts).toEqual({ recipients: 50, sent: 49, failed: 0, unreachable: 1, cancelled: 0, remaining: 0 });
  expect(p?.etaSeconds).toBe(0);
  expect(await store.subscriptions.get('telegram:1005')).toBeNull();
  expect(await h.outbox.unreachable.has('telegram:1005')).toBe(true);

  const rows = await reportOf(h.service, b.id);
  expect(rows).toHaveLength(50);
  expect(rows.find((r) => r.chatId === '1005')).toMatchObject({ status: 'unreachable', error: 'CHANNEL_UNREACHABLE' });
  expect(rows.find((r) => r.chatId === '1003')).toMatchObject({ status: 'sent', attempts: 2 });
  expect(rows.find((r) => r.chatId === '1001')).toMatchObject({ channel: 'telegram', locale: 'en', status: 'sent' });

  // A second broadcast skips the chat that blocked the bot (and it is no longer subscribed anyway).
  const count = await h.service.count({});
  expect(count.total).toBe(50);
});

/** A channel that sends at most `perSecond` messages, first come first served, like the real ones do. */
class PacedChannel {
  readonly sent: { chatId: string; at: number }[] = [];
  private nextSlot = 0;

  constructor(
    readonly name: 'telegram',
    private readonly perSecond: number,
  ) {}

  async send(chatId: string): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.perSecond;
    await new Promise((r) => setTimeout(r, slot - now));
    this.sent.push({ chatId, at: Date.now() });
  }
}

it('keeps status pushes ahead of a broadcast: the broadcast uses a share of the channel and a small window', async () => {
  const store = createMemoryStore();
  await subscribeMany(store, Array.from({ length: 100 }, (_, i) => sub('telegram', String(3000 + i))));
  const channel = new PacedChannel('telegram', 50);
  const outbox = new DurableOutbox({ ...memoryDeliveryBackend(), logger: silentLogger(), channels: [channel] });
  await outbox.start();
  // 80 % of the channel's 50/s, as BROADCAST_RATE_SHARE=0.8 does.
  const service = new BroadcastDelivery({ repo: new MemoryBroadcastRepo(), outbox, subscriptions: store.subscriptions, media: fakeMedia(), logger: silentLogger(), rateOf: () => 40, pollMs: 20 });
  try {
    const b = await service.create({ text: { vi: 'Thông báo' }, segment: {} }, 'official:lan');
    await until(() => channel.sent.length >= 20, '20 broadcast messages');
    const asked = Date.now();
    await outbox.enqueue([{ id: 'status:HS-1:1:telegram:42', channel: 'telegram', chatId: '42', messages: [{ text: 'Hồ sơ đã được tiếp nhận' }], topic: { kind: 'status', dossierCode: 'HS-1' } }]);
    await until(() => channel.sent.some((s) => s.chatId === '42'), 'the status push');
    const push = channel.sent.find((s) => s.chatId === '42')!;
    // Enqueued all at once, the push would wait behind ~80 broadcast messages (1.6 s at 50/s).
    expect(push.at - asked).toBeLessThan(250);
    expect((await service.progress(b.id))?.counts.remaining).toBeGreaterThan(40);
    await waitForStatus(service, b.id, 'done', 10_000);
  } finally {
    await service.stop();
    await outbox.stop();
  }
});
