/**
 * Outbound delivery against Telegram's failure modes: 429 waits retry_after, 403 marks the
 * chat unreachable, 5xx and dropped connections retry with backoff then give up with
 * DELIVERY_FAILED; long texts split, HTML escaped, images uploaded, per-chat pacing and order.
 */
import { afterEach, describe as suite, expect, it } from 'vitest';
import { isMotcuaError, MotcuaError } from '../../src/errors.ts';
import { parseTelegramHtml } from '../support/fake-telegram/index.ts';
import { FAST_LIMITS, startBot, type Bot } from './harness.ts';

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

suite('Telegram delivery', () => {
  it('a 429 during a reply: the message still arrives, after retry_after', async () => {
    bot = await startBot();
    bot.fake.fail({ method: 'sendMessage', chatId: 1001, error: { code: 429, retryAfter: 1 } });
    bot.fake.sendText(1001, 'xin chào');
    const [reply] = await bot.fake.nextMessages(1001, 1, 5000);
    const calls = bot.fake.callsTo('sendMessage', 1001);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
    expect(reply?.text).toBe('echo: text:xin chào');
  });

  it('a 429 from a private chat holds every chat (it means the bot as a whole is over)', async () => {
    bot = await startBot({ start: false });
    bot.fake.fail({ method: 'sendMessage', chatId: 1001, error: { code: 429, retryAfter: 1 } });
    const t0 = Date.now();
    const a = bot.channel.send('1001', [{ text: 'a' }]);
    // Once the channel has taken the 429 in (the server records it slightly earlier).
    await until(() => bot?.logger.entries.some((e) => e.msg?.includes('429')) ?? false);
    await bot.channel.send('1002', [{ text: 'b' }]);
    await a;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    const [ok1001] = bot.fake.callsTo('sendMessage', 1001).filter((c) => c.status === 200);
    const [ok1002] = bot.fake.callsTo('sendMessage', 1002);
    expect((ok1002?.at ?? 0) - t0).toBeGreaterThanOrEqual(950);
    expect(ok1001).toBeDefined();
  });

  it('throws RATE_LIMITED with retryAfterMs when Telegram asks to wait too long', async () => {
    bot = await startBot({ start: false, channel: { limits: { ...FAST_LIMITS, maxRetryAfterMs: 5000 } } });
    bot.fake.fail({ method: 'sendMessage', error: { code: 429, retryAfter: 30 } });
    const err = await rejection(bot.channel.send('1001', [{ text: 'x' }]));
    expect(isMotcuaError(err, 'RATE_LIMITED')).toBe(true);
    expect(isMotcuaError(err) && err.details?.retryAfterMs).toBe(30_000);
  });

  it('403 (blocked) → CHANNEL_UNREACHABLE and the onUnreachable hook', async () => {
    bot = await startBot({ start: false });
    bot.fake.block(1001);
    const err = await rejection(bot.channel.send('1001', [{ text: 'Hồ sơ HS-7K2M-9QXD đã được tiếp nhận.' }]));
    expect(isMotcuaError(err, 'CHANNEL_UNREACHABLE')).toBe(true);
    expect(bot.unreachable).toEqual(['1001']);
    expect(bot.fake.callsTo('sendMessage')).toHaveLength(1);
  });

  it('5xx and dropped connections are retried with backoff', async () => {
    bot = await startBot({ start: false });
    bot.fake.fail({ method: 'sendMessage', error: { code: 502 } });
    bot.fake.fail({ method: 'sendMessage', error: 'reset' });
    bot.fake.fail({ method: 'sendMessage', error: { code: 500 } });
    await bot.channel.send('1001', [{ text: 'Kiên nhẫn' }]);
    expect(bot.fake.callsTo('sendMessage').map((c) => c.status)).toEqual([502, 0, 500, 200]);
    expect(bot.fake.messages(1001).map((m) => m.text)).toEqual(['Kiên nhẫn']);
  });

  it('treats a call that hangs as a network failure and retries it', async () => {
    bot = await startBot({ start: false, channel: { limits: { ...FAST_LIMITS, requestTimeoutMs: 150 } } });
    bot.fake.fail({ method: 'sendMessage', delayMs: 600, error: 'reset' });
    const t0 = Date.now();
    await bot.channel.send('1001', [{ text: 'Vẫn tới nơi' }]);
    expect(Date.now() - t0).toBeLessThan(580);
    expect(bot.fake.messages(1001).map((m) => m.text)).toEqual(['Vẫn tới nơi']);
  });

  it('gives up with DELIVERY_FAILED after the configured attempts, saying how many went out', async () => {
    bot = await startBot({ start: false });
    bot.fake.fail({ method: 'sendMessage', times: Infinity, error: { code: 503 } });
    const err = await rejection(bot.channel.send('1001', [{ text: 'x' }]));
    expect(isMotcuaError(err, 'DELIVERY_FAILED')).toBe(true);
    expect(isMotcuaError(err) && err.details).toMatchObject({ sent: 0, total: 1 });
    expect(bot.fake.callsTo('sendMessage')).toHaveLength(4);
  });

  it('counts only whole messages as sent: a long text cut short is sent again whole, never skipped', async () => {
    const long = Array.from({ length: 4 }, (_, i) => `Đoạn ${i + 1}. ${'Giấy tờ cần mang theo khi đến nhận kết quả. '.repeat(40).trim()}`).join('\n\n');
    expect(long.length).toBeGreaterThan(4096);
    const messages = [{ text: long }, { text: 'Mã hồ sơ: HS-7K2M-9QXD' }];
    // The second part of the long text fails: no message went out whole.
    bot = await startBot({ start: false });
    bot.fake.fail({ method: 'sendMessage', after: 1, error: { code: 400, description: 'Bad Request: message is too long' } });
    let err = await rejection(bot.channel.send('1001', messages));
    expect(isMotcuaError(err) && err.details).toMatchObject({ sent: 0, total: 2 });
    await bot.stop();
    // The short message after it fails: the long one went out whole.
    bot = await startBot({ start: false });
    bot.fake.fail({ method: 'sendMessage', after: 2, error: { code: 400, description: 'Bad Request: chat not found' } });
    err = await rejection(bot.channel.send('1001', messages));
    expect(bot.fake.messages(1001)).toHaveLength(2);
    expect(isMotcuaError(err) && err.details).toMatchObject({ sent: 1, total: 2 });
  });

  it('tells the caller when a request is on the wire: not while waiting, not after a 429, with the messages sent whole', async () => {
    bot = await startBot({ start: false });
    bot.fake.fail({ method: 'sendMessage', chatId: 1001, error: { code: 429, retryAfter: 1 } });
    const heard: string[] = [];
    const onWire = async (on: boolean, sent: number): Promise<void> => void heard.push(`${on ? 'on' : 'off'}:${sent}`);
    await bot.channel.send('1001', [{ text: 'Hồ sơ đã được tiếp nhận.' }, { text: 'Mã hồ sơ: HS-7K2M-9QXD' }], { onWire });
    // off while queued; on for the first try; off after the 429 (Telegram took nothing) and
    // during its retry_after; on again; off between the two messages; on for the last.
    expect(heard).toEqual(['off:0', 'on:0', 'off:0', 'on:0', 'off:1', 'on:1']);
    expect(bot.fake.messages(1001).map((m) => m.text)).toEqual(['Hồ sơ đã được tiếp nhận.', 'Mã hồ sơ: HS-7K2M-9QXD']);
  });

  it('stays on the wire while a message is cut short: between the parts of a split text, and after a try that may have landed', async () => {
    bot = await startBot({ start: false, channel: { limits: { ...FAST_LIMITS, requestTimeoutMs: 150 } } });
    const long = Array.from({ length: 4 }, (_, i) => `Đoạn ${i + 1}. ${'Giấy tờ cần mang theo khi đến nhận kết quả. '.repeat(40).trim()}`).join('\n\n');
    const heard: string[] = [];
    const onWire = async (on: boolean, sent: number): Promise<void> => void heard.push(`${on ? 'on' : 'off'}:${sent}`);
    // The second part of the long text meets a 429: half of the message is out, so no "off".
    bot.fake.fail({ method: 'sendMessage', chatId: 1001, after: 1, error: { code: 429, retryAfter: 1 } });
    await bot.channel.send('1001', [{ text: long }, { text: 'Mã hồ sơ: HS-7K2M-9QXD' }], { onWire });
    expect(heard).toEqual(['off:0', 'on:0', 'on:0', 'on:0', 'off:1', 'on:1']);
    // A try that timed out may still land: the 429 after it does not take the item off the wire.
    heard.length = 0;
    bot.fake.fail({ method: 'sendMessage', chatId: 1002, delayMs: 400, error: 'reset' });
    bot.fake.fail({ method: 'sendMessage', chatId: 1002, error: { code: 429, retryAfter: 1 } });
    await bot.channel.send('1002', [{ text: 'Xin chào' }], { onWire });
    expect(heard).toEqual(['off:0', 'on:0', 'on:0', 'on:0']);
  });

  it('sends nothing more once the caller refuses (its claim was taken over)', async () => {
    bot = await startBot({ start: false });
    const err = await rejection(
      bot.channel.send('1001', [{ text: 'một' }, { text: 'hai' }], {
        onWire: async (on, sent) => {
          if (on && sent === 1) throw new MotcuaError('CLAIM_LOST', 'taken over');
        },
      }),
    );
    expect(isMotcuaError(err, 'CLAIM_LOST')).toBe(true);
    expect(isMotcuaError(err) && err.details).toMatchObject({ sent: 1, total: 2 });
    expect(bot.fake.messages(1001).map((m) => m.text)).toEqual(['một']);
  });

  it('splits texts over 4096 characters at paragraph boundaries', async () => {
    bot = await startBot({ start: false });
    const para = (n: number): string => `Đoạn ${n}. ${'Hồ sơ gồm tờ khai & giấy chứng sinh <bản chính>. '.repeat(30).trim()}`;
    const text = Array.from({ length: 8 }, (_, i) => para(i + 1)).join('\n\n');
    expect(text.length).toBeGreaterThan(8192);
    await bot.channel.send('1001', [{ text, choices: [{ label: 'Tiếp', value: 'next' }] }]);
    const msgs = bot.fake.messages(1001);
    // Each paragraph is about 1,500 characters: two fit in a message, three don't.
    expect(msgs.length).toBe(4);
    for (const m of msgs) {
      expect(m.text.length).toBeLessThanOrEqual(4096);
      expect(m.text).toMatch(/^Đoạn \d\./);
    }
    expect(msgs.map((m) => m.text).join('\n\n')).toBe(text);
    expect(msgs.map((m) => m.replyMarkup !== undefined)).toEqual([false, false, false, true]);
  });

  it('escapes HTML so what the citizen sees is exactly the engine’s text', async () => {
    bot = await startBot({ start: false });
    const text = 'Họ tên <Nguyễn Văn A> & "con" — <b>không</b> in đậm';
    await bot.channel.send('1001', [{ text }]);
    const [m] = bot.fake.messages(1001);
    expect(m?.text).toBe(text);
    expect(m?.raw).toContain('&lt;b&gt;');
    expect(parseTelegramHtml(m?.raw ?? '')).toEqual({ ok: true, text });
  });

  it('sends images: bytes as a multipart upload, URLs as URLs, text as caption', async () => {
    bot = await startBot({ start: false });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await bot.channel.send('1001', [
      { text: 'Mã QR thanh toán', image: { data: png, mime: 'image/png' } },
      { text: '', image: { url: 'https://example.org/qr.png', mime: 'image/png' } },
    ]);
    const [a, b] = bot.fake.messages(1001);
    expect(a?.method).toBe('sendPhoto');
    expect(Array.from(a?.photo?.bytes ?? [])).toEqual(Array.from(png));
    expect(a?.photo?.fileName).toBe('image.png');
    expect(a?.text).toBe('Mã QR thanh toán');
    expect(b?.photo?.url).toBe('https://example.org/qr.png');
  });

  it('uploads an image once and sends it by file_id after that, uploading again if Telegram forgot it', async () => {
    bot = await startBot({ start: false });
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7, 6]);
    const send = (chat: number): Promise<unknown> => bot!.channel.send(String(chat), [{ text: 'Thông báo của phường', image: { data: jpeg, mime: 'image/jpeg' } }]);
    await send(1001);
    await send(1002);
    await send(1003);
    const [first] = bot.fake.messages(1001);
    expect(first?.photo?.fileName).toBe('image.jpg');
    for (const chat of [1002, 1003]) {
      const [m] = bot.fake.messages(chat);
      expect(m?.photo?.fileName, `chat ${chat}`).toBeUndefined();
      expect(m?.photo?.fileId).toBe(first?.photo?.fileId);
      expect(Array.from(m?.photo?.bytes ?? [])).toEqual(Array.from(jpeg));
      expect(m?.text).toBe('Thông báo của phường');
    }
    bot.fake.fail({ method: 'sendPhoto', chatId: 1004, error: { code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' } });
    await send(1004);
    const [again] = bot.fake.messages(1004);
    expect(again?.photo?.fileName).toBe('image.jpg');
    await send(1005);
    expect(bot.fake.messages(1005)[0]?.photo?.fileId).toBe(again?.photo?.fileId);
  });

  it('keeps the order of messages across concurrent send() calls to one chat', async () => {
    bot = await startBot({ start: false });
    bot.fake.fail({ method: 'sendMessage', chatId: 1001, error: { code: 502 } });
    await Promise.all([
      bot.channel.send('1001', [{ text: '1' }, { text: '2' }]),
      bot.channel.send('1001', [{ text: '3' }]),
      bot.channel.send('1001', [{ text: '4' }, { text: '5' }]),
    ]);
    expect(bot.fake.messages(1001).map((m) => m.text)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('paces one chat (burst, then about perSecond) without slowing other chats', async () => {
    bot = await startBot({ start: false, channel: { limits: { ...FAST_LIMITS, perChat: { perSecond: 10, burst: 2 } } } });
    const t0 = Date.now();
    await Promise.all([
      bot.channel.send('1001', Array.from({ length: 6 }, (_, i) => ({ text: `a${i}` }))),
      bot.channel.send('1002', [{ text: 'b0' }]),
    ]);
    const times = bot.fake.callsTo('sendMessage', 1001).map((c) => c.at - t0);
    // 2 at once, then 4 more at 10/s: the last leaves after about 400 ms.
    expect(times[5]).toBeGreaterThanOrEqual(350);
    expect(bot.fake.callsTo('sendMessage', 1002)[0]?.at ?? Infinity).toBeLessThan(t0 + 300);
  });

  it('stays under a global rate the server enforces, with no 429', async () => {
    bot = await startBot({ start: false, channel: { limits: { ...FAST_LIMITS, global: { perSecond: 20, burst: 1 } } } });
    bot.fake.limitRate({ globalPerSecond: 22 });
    const chats = Array.from({ length: 30 }, (_, i) => String(2000 + i));
    const t0 = Date.now();
    await Promise.all(chats.map((c) => bot?.channel.send(c, [{ text: 'Thông báo' }])));
    const statuses = bot.fake.callsTo('sendMessage').map((c) => c.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1350);
  });

  it('recovers from a server-enforced global rate via 429 retry_after', async () => {
    bot = await startBot({ start: false });
    bot.fake.limitRate({ globalPerSecond: 10 });
    const chats = Array.from({ length: 15 }, (_, i) => String(3000 + i));
    await Promise.all(chats.map((c) => bot?.channel.send(c, [{ text: 'Thông báo' }])));
    for (const c of chats) expect(bot.fake.messages(Number(c))).toHaveLength(1);
    expect(bot.fake.callsTo('sendMessage').some((c) => c.status === 429)).toBe(true);
  });

  it('shows typing at most every few seconds and never throws for it', async () => {
    bot = await startBot({ start: false });
    bot.fake.fail({ method: 'sendChatAction', chatId: 1001, delayMs: 300 });
    const t0 = Date.now();
    await bot.channel.typing('1001');
    expect(Date.now() - t0).toBeLessThan(200);
    await bot.channel.typing('1001');
    bot.fake.block(1002);
    await bot.channel.typing('1002');
    await bot.fake.waitForCall('sendChatAction', (c) => c.chatId === 1002);
    await bot.fake.waitForCall('sendChatAction', (c) => c.chatId === 1001);
    expect(bot.fake.state.chatActions.map((a) => [a.chatId, a.action])).toEqual([[1001, 'typing']]);
    expect(bot.fake.callsTo('sendChatAction')).toHaveLength(2);
  });

  it('rejects a chat id that is not a Telegram id', async () => {
    bot = await startBot({ start: false });
    expect(() => bot?.channel.send('web:abc', [{ text: 'x' }])).toThrow(/Not a Telegram chat id/);
  });
});
