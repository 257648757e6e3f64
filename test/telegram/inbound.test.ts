/**
 * Long polling through the real telegraf client: every kind of update the fake server can
 * produce is mapped to the right InboundMessage (or answered by the channel itself).
 */
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { describe, startBot, type Bot } from './harness.ts';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot();
});
afterEach(async () => {
  await bot.stop();
});

suite('Telegram inbound (long polling)', () => {
  it('maps a text message and echoes a reply', async () => {
    const sent = bot.fake.sendText(1001, '  Tôi muốn   khai sinh  ', { languageCode: 'vi' });
    const [m] = await bot.received(1);
    expect(m).toMatchObject({
      channel: 'telegram',
      chatId: '1001',
      userId: '1001',
      messageId: String(sent.updateId),
      locale: 'vi',
      event: { kind: 'text', text: 'Tôi muốn khai sinh' },
    });
    expect(m?.at).toBeInstanceOf(Date);
    const [reply] = await bot.fake.nextMessages(1001);
    expect(reply?.text).toBe('echo: text:Tôi muốn khai sinh');
    expect(reply?.parseMode).toBe('HTML');
  });

  it('takes the locale from language_code (en-GB → en, fr → none)', async () => {
    bot.fake.sendText(1002, 'hello', { languageCode: 'en-GB' });
    bot.fake.sendText(1003, 'bonjour', { languageCode: 'fr' });
    const msgs = await bot.received(2);
    expect(msgs.find((m) => m.chatId === '1002')?.locale).toBe('en');
    expect(msgs.find((m) => m.chatId === '1003')?.locale).toBeUndefined();
  });

  it('maps /start with a deep-link payload, and without one', async () => {
    bot.fake.sendCommand(1001, '/start', 'khai-sinh');
    await bot.received(1);
    bot.fake.sendCommand(1001, '/start');
    await bot.received(2);
    bot.fake.sendCommand(1001, '/start', 'not a valid payload!');
    const msgs = await bot.received(3);
    expect(msgs.map((m) => m.event)).toEqual([{ kind: 'start', payload: 'khai-sinh' }, { kind: 'start' }, { kind: 'start' }]);
  });

  it('passes /help, /cancel and /lang (also with @botname, with arguments) to the engine as typed', async () => {
    bot.fake.sendCommand(1001, '/help');
    await bot.received(1);
    bot.fake.sendCommand(1001, '/cancel@motcua_test_bot');
    await bot.received(2);
    bot.fake.sendCommand(1001, '/lang en');
    const msgs = await bot.received(3);
    expect(msgs.map(describe)).toEqual(['text:/help', 'text:/cancel', 'text:/lang en']);
  });

  it('maps a photo to its largest size, with a lazy MediaRef', async () => {
    const bytes = new Uint8Array(5000).fill(7);
    const sent = bot.fake.sendPhoto(1001, bytes);
    const [m] = await bot.received(1);
    expect(m?.event.kind).toBe('photo');
    if (m?.event.kind !== 'photo') return;
    expect(m.event.media).toMatchObject({ id: sent.fileId, mime: 'image/jpeg', size: 5000 });
    expect(bot.fake.callsTo('getFile')).toHaveLength(0);
  });

  it('maps an image sent as a file to a photo, and another file to unsupported (answered here)', async () => {
    bot.fake.sendDocument(1001, new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { mime: 'image/png', fileName: 'cccd.png' });
    const [m] = await bot.received(1);
    expect(m?.event).toMatchObject({ kind: 'photo', media: { mime: 'image/png', fileName: 'cccd.png', size: 4 } });
    bot.fake.sendDocument(1001, new Uint8Array([0x25, 0x50, 0x44, 0x46]), { mime: 'application/pdf', fileName: 'to-khai.pdf' });
    const replies = await bot.fake.waitForMessages(1001, 2);
    expect(replies[1]?.text).toMatch(/chỉ nhận ảnh/);
    expect(bot.inbox).toHaveLength(1);
  });

  it('maps a location and a venue', async () => {
    bot.fake.sendLocation(1001, 10.7769, 106.7009);
    await bot.received(1);
    bot.fake.sendVenue(1001, 10.78, 106.69, 'UBND phường Bến Thành', '111 Lê Thánh Tôn');
    const msgs = await bot.received(2);
    expect(msgs.map((m) => m.event)).toEqual([
      { kind: 'location', lat: 10.7769, lng: 106.7009 },
      { kind: 'location', lat: 10.78, lng: 106.69, label: 'UBND phường Bến Thành, 111 Lê Thánh Tôn' },
    ]);
  });

  it("maps the user's own contact to contact (E.164), someone else's to text", async () => {
    bot.fake.sendContact(1001, '84901234567', { own: true });
    await bot.received(1);
    bot.fake.sendContact(1001, '+84 912 345 678', { own: false });
    const msgs = await bot.received(2);
    expect(msgs.map((m) => m.event)).toEqual([
      { kind: 'contact', phone: '+84901234567' },
      { kind: 'text', text: '+84912345678' },
    ]);
  });

  it('maps a button tap to a choice and answers the callback query', async () => {
    await bot.channel.send('1001', [{ text: 'Giới tính?', choices: [{ label: 'Nam', value: 'sex:male' }, { label: 'Nữ', value: 'sex:female' }] }]);
    const tapped = bot.fake.tap(1001, 'Nữ');
    const [m] = await bot.received(1);
    expect(m).toMatchObject({ chatId: '1001', userId: '1001', messageId: String(tapped.updateId), event: { kind: 'choice', value: 'sex:female' } });
    const answer = await bot.fake.waitForCallbackAnswer(tapped.queryId ?? '');
    expect(answer.text).toBeUndefined();
  });

  it('answers stickers, voice notes, videos and edits itself, without bothering the engine', async () => {
    const first = bot.fake.sendText(1001, 'xin chào');
    await bot.received(1);
    await bot.fake.nextMessages(1001);
    bot.fake.sendSticker(1001);
    bot.fake.sendVoice(1001);
    bot.fake.sendVideo(1001);
    bot.fake.editMessage(1001, first.messageId ?? 0, 'xin chào!');
    const replies = await bot.fake.nextMessages(1001, 4);
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringMatching(/nhãn dán/),
      expect.stringMatching(/tin nhắn thoại/),
      expect.stringMatching(/video/),
      expect.stringMatching(/đã sửa/),
    ]);
    expect(bot.inbox).toHaveLength(1);
  });

  it('answers in English when the user’s Telegram is in English', async () => {
    bot.fake.sendSticker(1005, { languageCode: 'en' });
    const [r] = await bot.fake.nextMessages(1005);
    expect(r?.text).toMatch(/can't read stickers/);
  });

  it('rejects an over-long text at the edge with the engine’s text', async () => {
    bot.fake.sendText(1001, 'a'.repeat(2500));
    const [r] = await bot.fake.nextMessages(1001);
    expect(r?.text).toMatch(/quá dài/);
    expect(bot.inbox).toHaveLength(0);
  });

  it('asks group members to chat privately, once per interval, and never forwards', async () => {
    bot.fake.sendGroupText(-1001234567890, 1001, '/start');
    const [r] = await bot.fake.nextMessages(-1001234567890);
    expect(r?.text).toMatch(/trò chuyện riêng/);
    const buttons = r?.replyMarkup && 'inline_keyboard' in r.replyMarkup ? r.replyMarkup.inline_keyboard.flat() : [];
    expect(buttons[0]?.url).toBe('https://t.me/motcua_test_bot');
    bot.fake.sendGroupText(-1001234567890, 1002, 'khai sinh');
    await bot.fake.waitForIdle();
    await bot.fake.waitForPoll();
    expect(bot.fake.messages(-1001234567890)).toHaveLength(1);
    expect(bot.inbox).toHaveLength(0);
  });

  it('forwards unsupported content as events when configured to', async () => {
    await bot.stop();
    bot = await startBot({ channel: { forwardUnsupported: true } });
    bot.fake.sendSticker(1001);
    bot.fake.sendVoice(1001);
    bot.fake.sendDocument(1001, new Uint8Array([1]), { mime: 'application/pdf', fileName: 'a.pdf' });
    const msgs = await bot.received(3);
    expect(msgs.map(describe)).toEqual(['unsupported:sticker', 'unsupported:voice', 'unsupported:file']);
  });

  it('registers the command menu in both languages', async () => {
    expect(bot.fake.state.commands.get('')?.map((c) => c.command)).toEqual(['start', 'help', 'cancel', 'lang']);
    expect(bot.fake.state.commands.get('en')?.[1]?.description).toBe('How to use this bot');
  });
});
