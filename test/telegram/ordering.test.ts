/**
 * telegraf runs a getUpdates batch concurrently; the channel must still hand a chat's
 * updates to the engine one at a time in update order, drop redeliveries, survive a
 * failing update or a failing poll, and stop quickly.
 */
import { afterEach, describe as suite, expect, it } from 'vitest';
import type { InboundMessage } from '../../src/channels/channel.ts';
import { describe, startBot, type Bot } from './harness.ts';

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const text = (m: InboundMessage): string => (m.event.kind === 'text' ? m.event.text : m.event.kind);

suite('Telegram ordering and robustness', () => {
  it('hands interleaved updates of two chats in one batch over in order per chat, chats in parallel', async () => {
    const log: string[] = [];
    bot = await startBot({
      onMessage: async (m) => {
        const t = text(m);
        log.push(`start ${t}`);
        // The first message of chat A is slow; its later messages must wait for it, chat B must not.
        await sleep(t === 'a1' ? 150 : t === 'b1' ? 20 : 1);
        log.push(`end ${t}`);
      },
    });
    await bot.fake.waitForPoll();
    for (const [chat, t] of [[1001, 'a1'], [1002, 'b1'], [1001, 'a2'], [1002, 'b2'], [1001, 'a3'], [1002, 'b3']] as const) {
      bot.fake.sendText(chat, t);
    }
    await bot.received(6);
    await bot.fake.waitForIdle();
    expect(bot.fake.callsTo('getUpdates').some((c) => c.resultCount === 6)).toBe(true);
    const perChat = (p: string): string[] => log.filter((l) => l.endsWith(p + '1') || l.endsWith(p + '2') || l.endsWith(p + '3'));
    expect(perChat('a')).toEqual(['start a1', 'end a1', 'start a2', 'end a2', 'start a3', 'end a3']);
    expect(perChat('b')).toEqual(['start b1', 'end b1', 'start b2', 'end b2', 'start b3', 'end b3']);
    expect(log.indexOf('end b3')).toBeLessThan(log.indexOf('end a1'));
  });

  it('keeps the order of a fast burst from one chat (text, photo, tap) and of the replies', async () => {
    bot = await startBot();
    await bot.channel.send('1001', [{ text: 'Chọn', choices: [{ label: 'Có', value: 'yes' }] }]);
    await bot.fake.waitForPoll();
    // (A tap after a typed message would be stale: anything the user sends answers the open question.)
    bot.fake.tap(1001, 'Có');
    bot.fake.sendText(1001, 'hai');
    bot.fake.sendPhoto(1001, new Uint8Array([1]));
    bot.fake.sendText(1001, 'bốn');
    const msgs = await bot.received(4);
    expect(msgs.map(describe)).toEqual(['choice:yes', 'text:hai', 'photo:image/jpeg', 'text:bốn']);
    const replies = await bot.fake.nextMessages(1001, 5);
    expect(replies.slice(1).map((r) => r.text)).toEqual(['echo: choice:yes', 'echo: text:hai', 'echo: photo:image/jpeg', 'echo: text:bốn']);
  });

  it('drops a redelivered update id', async () => {
    bot = await startBot();
    const first = bot.fake.sendText(1001, 'một lần thôi');
    await bot.received(1);
    await bot.fake.waitForIdle();
    bot.fake.redeliver(first.updateId);
    bot.fake.sendText(1001, 'tin sau');
    await bot.received(2);
    await bot.fake.waitForIdle();
    expect(bot.inbox.map(text)).toEqual(['một lần thôi', 'tin sau']);
    expect(bot.fake.callsTo('getUpdates').some((c) => c.resultCount === 2)).toBe(true);
  });

  it('one failing update does not stop the bot', async () => {
    bot = await startBot({
      onMessage: async (m) => {
        if (text(m) === 'boom') throw new Error('engine exploded');
      },
    });
    bot.fake.sendText(1001, 'boom');
    await bot.received(1);
    // An update whose shape we do not understand is skipped, too.
    bot.fake.inject({ update_id: 999_000_001, message: { message_id: 1, date: 0, chat: { id: 1001, type: 'private' }, photo: [] } });
    bot.fake.sendText(1001, 'vẫn sống');
    await bot.received(2);
    expect(bot.inbox.map(text)).toEqual(['boom', 'vẫn sống']);
    expect(bot.logger.entries.some((e) => e.level === 'error' && e.msg?.includes('update handling failed'))).toBe(true);
    expect(bot.logger.entries.some((e) => e.msg?.includes('not understood'))).toBe(true);
  });

  it('restarts long polling after it fails (409 conflict, 400) without handling an update twice', async () => {
    bot = await startBot();
    bot.fake.sendText(1001, 'trước');
    await bot.received(1);
    bot.fake.fail({ method: 'getUpdates', error: { code: 409 } });
    bot.fake.fail({ method: 'getUpdates', error: { code: 400, description: 'Bad Request: something odd' } });
    // Ends the long poll in hand so the next ones hit the failures.
    bot.fake.sendText(1002, 'giữa');
    await bot.received(2);
    bot.fake.sendText(1001, 'sau');
    await bot.received(3);
    await bot.fake.waitForIdle();
    expect(bot.inbox.map(text)).toEqual(['trước', 'giữa', 'sau']);
    expect(bot.fake.callsTo('getUpdates').filter((c) => c.status === 409 || c.status === 400)).toHaveLength(2);
    expect(bot.logger.entries.filter((e) => e.msg?.includes('long polling failed'))).toHaveLength(2);
  });

  it('stops long polling for good when the token is revoked (401), and says why', async () => {
    bot = await startBot();
    await bot.fake.waitForPoll();
    bot.fake.fail({ method: 'getUpdates', times: Infinity, error: { code: 401 } });
    bot.fake.sendText(1001, 'x');
    await bot.received(1);
    await sleep(150);
    const polls = bot.fake.callsTo('getUpdates').filter((c) => c.status === 401).length;
    expect(polls).toBe(1);
    expect(bot.logger.entries.some((e) => e.level === 'error' && e.msg?.includes('TELEGRAM_BOT_TOKEN was rejected'))).toBe(true);
  });

  it('stops quickly while a long poll is pending, and polls no more', async () => {
    bot = await startBot();
    await bot.fake.waitForPoll();
    const t0 = Date.now();
    await bot.channel.stop();
    expect(Date.now() - t0).toBeLessThan(500);
    const n = bot.fake.callsTo('getUpdates').length;
    await sleep(100);
    expect(bot.fake.callsTo('getUpdates')).toHaveLength(n);
  });

  it('stop() right after start() does not leave polling running', async () => {
    bot = await startBot();
    await bot.channel.stop();
    await sleep(100);
    const n = bot.fake.callsTo('getUpdates').length;
    await sleep(100);
    expect(bot.fake.callsTo('getUpdates')).toHaveLength(n);
  });

  it('logs chat and update ids, never what users wrote or their numbers', async () => {
    bot = await startBot({
      onMessage: async (m) => {
        if (text(m).includes('bí mật')) throw new Error(`cannot parse "${text(m)}"`);
      },
    });
    bot.fake.sendText(1001, 'CCCD 079123456789 bí mật');
    bot.fake.sendContact(1001, '84901234567');
    bot.fake.sendText(1001, 'a'.repeat(3000));
    await bot.received(2);
    await bot.fake.waitForIdle();
    const logged = JSON.stringify(bot.logger.entries);
    expect(logged).not.toMatch(/079123456789|bí mật|901234567|aaaa/);
    expect(logged).toContain('1001');
  });
});
