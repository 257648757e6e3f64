/**
 * Choices as inline keyboards: a tap is forwarded once and its keyboard marked, a typed
 * answer or a newer question removes the old keyboard, and a tap on a stale keyboard is
 * answered politely instead of changing a past answer. Reply keyboards ask for a contact
 * or location and go away when no longer needed.
 */
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import { inlineButtons } from '../support/fake-telegram/index.ts';
import { startBot, type Bot } from './harness.ts';

const SEX = [{ label: 'Nam', value: 'sex:male' }, { label: 'Nữ', value: 'sex:female' }];
const ETHNICITY = [{ label: 'Kinh', value: 'ethnicity:kinh' }, { label: 'Tày', value: 'ethnicity:tay' }, { label: 'Khác', value: 'ethnicity:other' }];

let bot: Bot;
beforeEach(async () => {
  // The "engine": every answer gets the next question, with buttons.
  bot = await startBot({ reply: (m) => [{ text: `Đã nhận ${m.event.kind}. Dân tộc?`, choices: ETHNICITY }] });
});
afterEach(async () => {
  await bot.stop();
});

suite('Telegram keyboards', () => {
  it('renders choices as an inline keyboard, short labels two per row', async () => {
    await bot.channel.send('1001', [{ text: 'Giới tính của bé?', choices: SEX }]);
    const [q] = bot.fake.unread(1001);
    expect(q?.replyMarkup).toEqual({ inline_keyboard: [[{ text: 'Nam', callback_data: 'sex:male' }, { text: 'Nữ', callback_data: 'sex:female' }]] });
  });

  it('marks the tapped keyboard with the choice and forwards it once', async () => {
    const chat = bot.fake.chat(1001);
    await bot.channel.send('1001', [{ text: 'Giới tính của bé?', choices: SEX }]);
    const [question] = chat.unread();
    chat.tap('Nữ');
    await bot.received(1);
    await chat.replies();
    await bot.fake.waitForCall('editMessageReplyMarkup');
    const edited = bot.fake.state.botMessage(1001, question?.messageId ?? 0);
    expect(inlineButtons(edited?.replyMarkup).map((b) => b.text)).toEqual(['✓ Nữ']);
    expect(chat.buttons()).toEqual(['Kinh', 'Tày', 'Khác']);
  });

  it('removes the keyboard when the user types the answer instead', async () => {
    const chat = bot.fake.chat(1001);
    await bot.channel.send('1001', [{ text: 'Giới tính của bé?', choices: SEX }]);
    const [question] = chat.unread();
    chat.say('nu');
    await bot.received(1);
    await bot.fake.waitForCall('editMessageReplyMarkup');
    expect(bot.fake.state.botMessage(1001, question?.messageId ?? 0)?.replyMarkup).toBeUndefined();
  });

  it('answers a tap on a stale keyboard politely and does not forward it', async () => {
    const chat = bot.fake.chat(1001);
    await bot.channel.send('1001', [{ text: 'Giới tính của bé?', choices: SEX }]);
    const [question] = chat.unread();
    chat.tap('Nam');
    await bot.received(1);
    await chat.replies();
    // The citizen scrolls up and taps the old question again (its data is still in their client).
    const stale = bot.fake.tapButton(1001, question?.messageId ?? 0, 'sex:female');
    const answer = await bot.fake.waitForCallbackAnswer(stale.queryId ?? '');
    expect(answer.text).toMatch(/đã được trả lời/);
    // And a tap on the "✓ Nam" marker.
    const marker = bot.fake.tapButton(1001, question?.messageId ?? 0, '~done');
    expect((await bot.fake.waitForCallbackAnswer(marker.queryId ?? '')).text).toMatch(/đã được trả lời/);
    await bot.fake.waitForIdle();
    expect(bot.inbox).toHaveLength(1);
  });

  it('removes the previous keyboard when a new question with buttons is sent', async () => {
    await bot.channel.send('1001', [{ text: 'Câu 1', choices: SEX }]);
    await bot.channel.send('1001', [{ text: 'Câu 2', choices: ETHNICITY }]);
    const [q1, q2] = bot.fake.messages(1001);
    expect(q1?.replyMarkup).toBeUndefined();
    expect(inlineButtons(q2?.replyMarkup)).toHaveLength(3);
  });

  it('maps choice values longer than 64 bytes through short ids', async () => {
    const long = `ward:${'phuong-an-hoi-tay-thanh-pho-ho-chi-minh-'.repeat(2)}`;
    expect(Buffer.byteLength(long)).toBeGreaterThan(64);
    await bot.channel.send('1001', [{ text: 'Phường nào?', choices: [{ label: 'An Hội Tây', value: long }, { label: 'Khác', value: 'ward:other' }] }]);
    const data = inlineButtons(bot.fake.messages(1001)[0]?.replyMarkup).map((b) => b.callback_data);
    expect(data[0]).toMatch(/^~/);
    expect(data[1]).toBe('ward:other');
    bot.fake.tap(1001, 'An Hội Tây');
    const [m] = await bot.received(1);
    expect(m?.event).toEqual({ kind: 'choice', value: long });
  });

  it('answers a tap on an unknown short id (e.g. after a restart) as expired', async () => {
    await bot.channel.send('1001', [{ text: 'x', choices: SEX }]);
    const q = bot.fake.messages(1001)[0];
    const tap = bot.fake.tapButton(1001, q?.messageId ?? 0, '~zz');
    expect((await bot.fake.waitForCallbackAnswer(tap.queryId ?? '')).text).toMatch(/hết hạn/);
    expect(bot.inbox).toHaveLength(0);
  });

  it('asks for the phone number with a one-time reply keyboard and removes it afterwards', async () => {
    const chat = bot.fake.chat(1001);
    await bot.channel.send('1001', [{ text: 'Số điện thoại của bạn?', requestContact: true }]);
    const [ask] = chat.unread();
    expect(ask?.replyMarkup).toEqual({ keyboard: [[{ text: '📱 Gửi số điện thoại của tôi', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true });
    chat.shareContact('84901234567');
    await bot.received(1);
    await bot.channel.send('1001', [{ text: 'Cảm ơn.' }, { text: 'Vị trí?', requestLocation: true }]);
    const [thanks, where] = chat.unread().slice(-2);
    expect(thanks?.replyMarkup).toEqual({ remove_keyboard: true });
    expect(where?.replyMarkup).toMatchObject({ keyboard: [[{ request_location: true }]] });
    chat.location(10.77, 106.7);
    await bot.received(2);
    await bot.channel.send('1001', [{ text: 'Xong.' }]);
    expect(chat.unread().at(-1)?.replyMarkup).toEqual({ remove_keyboard: true });
    await bot.channel.send('1001', [{ text: 'Thêm.' }]);
    expect(chat.unread().at(-1)?.replyMarkup).toBeUndefined();
  });

  it('labels reply-keyboard buttons in English for English users', async () => {
    bot.fake.sendText(1009, 'hi', { languageCode: 'en' });
    await bot.received(1);
    await bot.channel.send('1009', [{ text: 'Your phone?', requestContact: true }]);
    const last = bot.fake.messages(1009).at(-1);
    expect(last?.replyMarkup).toMatchObject({ keyboard: [[{ text: '📱 Share my phone number' }]] });
  });
});
