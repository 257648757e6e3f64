/**
 * Broadcast delivery over the memory backend: every subscriber in the segment gets the text in
 * their language once, unreachable chats are skipped, blocked ones unsubscribed, counts and the
 * report match the outbox ledger.
 */
import { afterEach, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { blocked, transient } from '../outbox/outbox-support.ts';
import { harness, reportOf, sub, subscribeMany, waitForStatus, type Harness } from './broadcast-support.ts';

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
