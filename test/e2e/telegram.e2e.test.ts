/**
 * End to end over Telegram: the real app (createApp: engine, flows, NLU, fields, memory store,
 * temp DATA_DIR) with a TelegramChannel whose real telegraf client talks to the fake Bot API
 * server through apiRoot. Citizens type, tap inline buttons, share contacts and locations and
 * send real JPEGs that the bot downloads through getFile.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TelegramChannel } from '../../src/channels/telegram/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { documentJpeg } from '../support/engine-harness.ts';
import {
  FakeTelegram,
  inlineButtons,
  postUpdate,
  SECRET_HEADER,
  type BotMessage,
  type FakeConversation,
  type Injected,
} from '../support/fake-telegram/index.ts';
import { captureLogger, dateDaysAgo, FAST_TELEGRAM_LIMITS, freePort, sessionOf, startApp, TRACKING_CODE, type TestApp } from './e2e-support.ts';

let jpeg: Uint8Array;
beforeAll(async () => {
  jpeg = await documentJpeg();
});

/** Performs one citizen action and returns the bot messages it produced, once the update was handled. */
async function turn(fake: FakeConversationHost, chat: FakeConversation, action: () => Injected | void): Promise<BotMessage[]> {
  action();
  await fake.waitForIdle();
  return chat.unread();
}
type FakeConversationHost = Pick<FakeTelegram, 'waitForIdle'>;

function lastText(msgs: BotMessage[]): string {
  const m = msgs.at(-1);
  if (!m) throw new Error('the bot sent nothing');
  return m.text;
}

function buttonsOf(m: BotMessage | undefined): string[] {
  return inlineButtons(m?.replyMarkup).map((b) => b.text);
}

describe('Telegram end to end (long polling)', () => {
  let fake: FakeTelegram;
  let t: TestApp;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    const logger = silentLogger();
    const telegram = new TelegramChannel({ token: fake.token, apiRoot: fake.apiRoot, logger, limits: FAST_TELEGRAM_LIMITS });
    t = await startApp({ channels: [telegram], logger });
    await fake.waitForPoll();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('completes khai-sinh: menu, natural request, consent tap, every answer, a photo through getFile, summary, confirm', async () => {
    const CHAT = 1001;
    const chat = fake.chat(CHAT);
    const taps: Injected[] = [];
    const tap = (label: string) => () => {
      const i = chat.tap(label);
      taps.push(i);
      return i;
    };
    const say = (text: string) => () => chat.say(text);

    // /start: greeting and the menu of procedures as buttons.
    let r = await turn(fake, chat, () => chat.start());
    expect(lastText(r)).toMatch(/Xin chào! Mình là trợ lý Một Cửa/);
    expect(buttonsOf(r.at(-1))).toContain('Đăng ký khai sinh');
    expect(buttonsOf(r.at(-1))).toContain('Phản ánh, kiến nghị');

    // A natural request picks the procedure; consent comes first, with buttons.
    r = await turn(fake, chat, say('làm giấy khai sinh cho con'));
    expect(r.map((m) => m.text).join('\n')).toMatch(/Luật Bảo vệ dữ liệu cá nhân/);
    expect(buttonsOf(r.at(-1))).toEqual(['Tôi đồng ý', 'Không đồng ý']);

    r = await turn(fake, chat, tap('Tôi đồng ý'));
    expect(lastText(r)).toMatch(/tự đứng tên đăng ký khai sinh cho bé/);
    r = await turn(fake, chat, tap('Tôi đứng tên đăng ký'));
    expect(lastText(r)).toMatch(/Bạn là gì của bé/);
    r = await turn(fake, chat, tap('Mẹ'));
    expect(lastText(r)).toMatch(/Họ và tên của bạn/);

    // A name with HTML-special characters: refused by the name field, and the bot's own
    // explanation (which quotes "< > &") is escaped for parse_mode HTML.
    r = await turn(fake, chat, say('Nguyễn Thị <b>&Lan'));
    expect(r).toHaveLength(2);
    expect(r[0]?.parseMode).toBe('HTML');
    expect(r[0]?.text).toContain('< > &');
    expect(r[0]?.raw).toContain('&lt; &gt; &amp;');
    expect(r[0]?.raw).not.toContain('<');
    expect(lastText(r)).toMatch(/Họ và tên của bạn/);

    r = await turn(fake, chat, say('Nguyễn Thị Lan'));
    expect(lastText(r)).toMatch(/Số căn cước \(CCCD, 12 chữ số\) của bạn/);
    r = await turn(fake, chat, say('079190001234'));
    expect(lastText(r)).toMatch(/Số điện thoại của bạn/);
    // Phone steps offer Telegram's "share my number" reply keyboard.
    expect(r.at(-1)?.replyMarkup).toMatchObject({ keyboard: [[{ request_contact: true }]] });
    r = await turn(fake, chat, () => chat.shareContact('84901234567'));
    expect(lastText(r)).toMatch(/Địa chỉ nơi cư trú của cha hoặc mẹ bé/);
    expect(r.at(-1)?.replyMarkup).toEqual({ remove_keyboard: true });

    r = await turn(fake, chat, say('12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh'));
    expect(lastText(r)).toMatch(/Họ, chữ đệm và tên của bé/);
    r = await turn(fake, chat, say('Trần Minh Anh'));
    expect(lastText(r)).toMatch(/Ngày sinh của bé/);
    r = await turn(fake, chat, say(dateDaysAgo(10)));
    expect(lastText(r)).toMatch(/Giới tính của bé/);
    r = await turn(fake, chat, tap('Nữ'));
    expect(lastText(r)).toMatch(/Bé được sinh ra ở đâu/);
    r = await turn(fake, chat, tap('Bệnh viện, trạm y tế, nhà hộ sinh'));
    expect(lastText(r)).toMatch(/Tên bệnh viện hoặc cơ sở y tế/);
    // Free text with markup: kept verbatim as the answer, shown escaped later.
    r = await turn(fake, chat, say('Bệnh viện <b>Từ Dũ</b> & Co'));
    expect(lastText(r)).toMatch(/Giấy chứng sinh của bé/);
    r = await turn(fake, chat, tap('Có'));
    expect(lastText(r)).toMatch(/gửi ảnh Giấy chứng sinh/);

    // A real JPEG, fetched by the bot with getFile and the file download URL.
    const photo = chat.photo(jpeg);
    r = await turn(fake, chat, () => undefined);
    expect(r.map((m) => m.text).join('\n')).toMatch(/Đã nhận 1(\/\d+)? ảnh/);
    expect(buttonsOf(r.at(-1))).toContain('Xong');
    const getFile = fake.callsTo('getFile').find((c) => c.params.file_id === photo.fileId);
    expect(getFile?.status).toBe(200);
    expect(fake.callsTo('file').some((c) => c.status === 200)).toBe(true);

    r = await turn(fake, chat, tap('Xong'));
    expect(lastText(r)).toMatch(/Dân tộc của bé/);
    r = await turn(fake, chat, tap('Kinh'));
    expect(lastText(r)).toMatch(/Quốc tịch của bé/);
    r = await turn(fake, chat, tap('Việt Nam'));
    expect(lastText(r)).toMatch(/Quê quán của bé/);
    r = await turn(fake, chat, say('xã Nghi Lộc, tỉnh Nghệ An'));
    // The mother registers herself: her name and ID number are not asked a second time.
    expect(lastText(r)).toMatch(/đã đăng ký kết hôn chưa/);
    r = await turn(fake, chat, tap('Có'));
    expect(lastText(r)).toMatch(/Giấy chứng nhận kết hôn/);
    r = await turn(fake, chat, tap('Bỏ qua'));
    expect(lastText(r)).toMatch(/Họ và tên của cha bé/);
    r = await turn(fake, chat, say('Trần Văn Hùng'));
    expect(lastText(r)).toMatch(/CCCD\) của cha bé/);
    r = await turn(fake, chat, say('079090001234'));

    // The summary: every answer, user text escaped, confirm/edit/cancel buttons.
    const summary = r.at(-1);
    expect(summary?.text).toMatch(/kiểm tra lại hồ sơ “Đăng ký khai sinh”/);
    expect(summary?.text).toContain('Người đi đăng ký: Nguyễn Thị Lan');
    expect(summary?.text).toContain('Điện thoại người đi đăng ký: 0901 234 567');
    expect(summary?.text).toContain('Ảnh Giấy chứng sinh: 1 ảnh');
    expect(summary?.text).toContain('Cơ sở y tế nơi sinh: Bệnh viện <b>Từ Dũ</b> & Co');
    expect(summary?.raw).toContain('Cơ sở y tế nơi sinh: Bệnh viện &lt;b&gt;Từ Dũ&lt;/b&gt; &amp; Co');
    expect(buttonsOf(summary)).toEqual(['Xác nhận và nộp', 'Sửa thông tin', 'Hủy hồ sơ']);

    r = await turn(fake, chat, tap('Xác nhận và nộp'));
    const code = TRACKING_CODE.exec(r.map((m) => m.text).join('\n'))?.[0];
    expect(code, 'a tracking code in the reply').toBeDefined();
    expect(lastText(r)).toMatch(/Đã nộp hồ sơ “Đăng ký khai sinh”/);

    // A second tap on the summary's confirm button (its data is still in the client) makes no second dossier.
    const again = fake.tapButton(CHAT, summary?.messageId ?? 0, 'review:confirm');
    await fake.waitForIdle();
    expect((await fake.waitForCallbackAnswer(again.queryId ?? '')).text).toMatch(/đã được trả lời/);
    expect(await t.app.store.dossiers.byChat(`telegram:${CHAT}`)).toEqual([code]);

    // The dossier.
    const d = await t.app.store.dossiers.get(code ?? '');
    expect(d).toMatchObject({
      procedureId: 'khai-sinh',
      status: 'submitted',
      applicant: { name: 'Nguyễn Thị Lan', idNumber: '079190001234', phone: '+84901234567' },
      submitter: { channel: 'telegram', chatId: String(CHAT), userId: String(CHAT), self: true },
      answers: {
        filer: 'self',
        requester_relation: 'mother',
        requester_name: 'Nguyễn Thị Lan',
        child_name: 'Trần Minh Anh',
        child_sex: 'female',
        birth_facility: 'Bệnh viện <b>Từ Dũ</b> & Co',
        has_birth_cert: true,
        child_ethnicity: 'kinh',
        child_nationality: 'vn',
        parents_married: true,
        father_name: 'Trần Văn Hùng',
        father_cccd: '079090001234',
      },
    });
    expect(d?.notify).toContainEqual(expect.objectContaining({ channel: 'telegram', chatId: String(CHAT) }));
    const photos = d?.answers.birth_cert_photo;
    expect(Array.isArray(photos) && photos.length === 1).toBe(true);
    const mediaId = String((photos as string[])[0]);
    expect(d?.photos).toEqual([mediaId]);
    expect(existsSync(join(t.dataDir, 'media', `${mediaId}.jpg`))).toBe(true);
    expect(await sessionOf(t.app.store, `telegram:${CHAT}`).then((s) => s?.flow)).toBeUndefined();

    // Every tap's spinner was stopped.
    for (const i of [...taps, again]) await fake.waitForCallbackAnswer(i.queryId ?? '');
    // Once answered, no question keeps a live keyboard: tapped ones show "✓ label", others were removed.
    // Only the last message (the submission, with the still-open offer to receive news) may have one.
    const transcript = chat.transcript();
    const live = transcript.filter((m) => buttonsOf(m).some((b) => !b.startsWith('✓ ')));
    expect(live.map((m) => m.text.slice(0, 40))).toEqual([transcript.at(-1)!.text.slice(0, 40)]);
    expect(transcript.at(-1)!.text).toMatch(/nhận tin hướng dẫn/);
    const marked = transcript.map((m) => buttonsOf(m)).filter((b) => b.length > 0);
    expect(marked).toContainEqual(['✓ Tôi đồng ý']);
    expect(marked).toContainEqual(['✓ Nữ']);
    expect(marked).toContainEqual(['✓ Xác nhận và nộp']);
    expect(fake.callsTo('editMessageReplyMarkup', CHAT).filter((c) => c.status === 200).length).toBeGreaterThanOrEqual(taps.length);
    // Every message went out as HTML the Bot API accepts.
    const sends = fake.callsTo('sendMessage', CHAT);
    expect(sends.every((c) => c.status === 200 && c.params.parse_mode === 'HTML')).toBe(true);
  });

  it('completes phan-anh from the deep link /start phan-anh, with two photos, "xong" and a shared location', async () => {
    const CHAT = 1002;
    const chat = fake.chat(CHAT);
    let r = await turn(fake, chat, () => chat.start('phan-anh'));
    expect(r.map((m) => m.text).join('\n')).toMatch(/“Phản ánh, kiến nghị”/);
    expect(buttonsOf(r.at(-1))).toEqual(['Tôi đồng ý', 'Không đồng ý']);
    r = await turn(fake, chat, () => chat.tap('Tôi đồng ý'));
    expect(lastText(r)).toMatch(/Bạn tự gửi phản ánh/);
    r = await turn(fake, chat, () => chat.tap('Tôi tự phản ánh'));
    expect(lastText(r)).toMatch(/phản ánh về việc gì/);
    r = await turn(fake, chat, () => chat.tap('Rác thải, ô nhiễm môi trường'));
    expect(lastText(r)).toMatch(/mô tả sự việc/);
    r = await turn(fake, chat, () => chat.say('Có người đổ rác ra đầu hẻm 42 mỗi tối, bốc mùi cả khu phố'));
    expect(lastText(r)).toMatch(/đang diễn ra, lặp lại thường xuyên/);
    r = await turn(fake, chat, () => chat.tap('Lặp lại thường xuyên'));
    expect(lastText(r)).toMatch(/gửi ảnh chụp hiện trường/);

    const p1 = chat.photo(jpeg);
    r = await turn(fake, chat, () => undefined);
    expect(r.map((m) => m.text).join('\n')).toMatch(/Đã nhận 1(\/\d+)? ảnh/);
    const p2 = chat.photo(jpeg);
    r = await turn(fake, chat, () => undefined);
    expect(r.map((m) => m.text).join('\n')).toMatch(/Đã nhận 2(\/\d+)? ảnh/);
    expect(lastText(r)).toMatch(/Đã nhận 2\/5 ảnh/);
    for (const p of [p1, p2]) expect(fake.callsTo('getFile').find((c) => c.params.file_id === p.fileId)?.status).toBe(200);

    r = await turn(fake, chat, () => chat.say('xong'));
    expect(lastText(r)).toMatch(/Sự việc xảy ra ở đâu/);
    expect(r.at(-1)?.replyMarkup).toMatchObject({ keyboard: [[{ request_location: true }]] });
    r = await turn(fake, chat, () => chat.location(10.7769, 106.7009));
    expect(lastText(r)).toMatch(/để lại họ tên và số điện thoại/);
    r = await turn(fake, chat, () => chat.tap('Có'));
    expect(lastText(r)).toMatch(/Họ và tên của bạn/);
    r = await turn(fake, chat, () => chat.say('Lê Văn Tám'));
    expect(lastText(r)).toMatch(/Số điện thoại của bạn/);
    r = await turn(fake, chat, () => chat.say('0912 345 678'));
    const summary = r.at(-1);
    expect(summary?.text).toMatch(/kiểm tra lại hồ sơ “Phản ánh, kiến nghị”/);
    expect(summary?.text).toContain('Ảnh hiện trường: 2 ảnh');
    expect(summary?.text).toMatch(/Vị trí: 10\.7769\d*, 106\.7009\d*/);

    r = await turn(fake, chat, () => chat.tap('Xác nhận và nộp'));
    const code = TRACKING_CODE.exec(r.map((m) => m.text).join('\n'))?.[0];
    expect(code).toBeDefined();
    const d = await t.app.store.dossiers.get(code ?? '');
    expect(d).toMatchObject({
      procedureId: 'phan-anh',
      applicant: { name: 'Lê Văn Tám', phone: '+84912345678' },
      submitter: { channel: 'telegram', chatId: String(CHAT), self: true },
      answers: { filer: 'self', category: 'environment', occurrence: 'recurring', share_contact: true, location: { lat: 10.7769, lng: 106.7009 } },
    });
    const photos = d?.answers.photos as string[];
    expect(photos).toHaveLength(2);
    expect(new Set(photos).size).toBe(2);
    expect([...(d?.photos ?? [])].sort()).toEqual([...photos].sort());
  });

  it('handles a tap on an old keyboard gracefully and never changes the past answer', async () => {
    const CHAT = 1003;
    const chat = fake.chat(CHAT);
    await turn(fake, chat, () => chat.say('làm giấy khai sinh cho con'));
    await turn(fake, chat, () => chat.tap('Tôi đồng ý'));
    const filerQuestion = chat.transcript().at(-1);
    expect(filerQuestion?.text).toMatch(/tự đứng tên đăng ký/);
    await turn(fake, chat, () => chat.tap('Tôi đứng tên đăng ký'));
    let r = await turn(fake, chat, () => chat.tap('Cha'));
    expect(lastText(r)).toMatch(/Họ và tên của bạn/);
    const before = await sessionOf(t.app.store, `telegram:${CHAT}`);
    expect(before?.flow?.state.value).toBe('requester_name');

    // The citizen scrolls up and taps "Tôi giúp người khác" on the first question.
    const stale = fake.tapButton(CHAT, filerQuestion?.messageId ?? 0, 'a:filer:relative');
    r = await turn(fake, chat, () => undefined);
    expect((await fake.waitForCallbackAnswer(stale.queryId ?? '')).text).toMatch(/đã được trả lời/);
    expect(r).toEqual([]);
    const after = await sessionOf(t.app.store, `telegram:${CHAT}`);
    expect(after?.flow?.state.value).toBe('requester_name');
    expect(after?.flow?.state.context.answers).toEqual(before?.flow?.state.context.answers);
    expect(after?.flow?.state.context.answers).toMatchObject({ filer: 'self', requester_relation: 'father' });

    // A tap the channel cannot recognise as old (e.g. its memory was lost in a restart) reaches
    // the engine, which refuses it as belonging to an earlier question and asks the current one.
    r = await turn(fake, chat, () => chat.say('Trần Văn Hùng'));
    r = await turn(fake, chat, () => chat.say('079090001234'));
    r = await turn(fake, chat, () => chat.say('0901234567'));
    r = await turn(fake, chat, () => chat.say('12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh'));
    r = await turn(fake, chat, () => chat.say('Trần Minh Anh'));
    r = await turn(fake, chat, () => chat.say(dateDaysAgo(5)));
    const sexQuestion = r.at(-1);
    expect(buttonsOf(sexQuestion)).toEqual(['Nam', 'Nữ']);
    const forged = fake.tapButton(CHAT, sexQuestion?.messageId ?? 0, 'a:requester_relation:mother');
    r = await turn(fake, chat, () => undefined);
    await fake.waitForCallbackAnswer(forged.queryId ?? '');
    expect(r[0]?.text).toMatch(/câu hỏi trước/);
    expect(lastText(r)).toMatch(/Giới tính của bé/);
    const now = await sessionOf(t.app.store, `telegram:${CHAT}`);
    expect(now?.flow?.state.value).toBe('child_sex');
    expect(now?.flow?.state.context.answers.requester_relation).toBe('father');
  });

  it('/lang from the bot command menu switches the language and repeats the open question', async () => {
    const CHAT = 1007;
    const chat = fake.chat(CHAT);
    await turn(fake, chat, () => chat.say('làm giấy khai sinh cho con'));
    await turn(fake, chat, () => chat.tap('Tôi đồng ý'));
    await turn(fake, chat, () => chat.tap('Tôi đứng tên đăng ký'));
    let r = await turn(fake, chat, () => chat.tap('Mẹ'));
    expect(lastText(r)).toMatch(/Họ và tên của bạn/);
    // The channel registers /lang in the "/" menu (setMyCommands); a citizen taps it.
    expect(JSON.stringify(fake.callsTo('setMyCommands').map((c) => c.params.commands))).toContain('lang');
    r = await turn(fake, chat, () => chat.command('/lang'));
    expect(r[0]?.text).toBe('Switched to English.');
    expect(lastText(r)).toMatch(/Your full name/);
    expect((await sessionOf(t.app.store, `telegram:${CHAT}`))?.locale).toBe('en');
  });

  it('shows a consent notice without doubled punctuation where flow text is spliced into it', async () => {
    const chat = fake.chat(1008);
    const r = await turn(fake, chat, () => chat.say('làm giấy khai sinh cho con'));
    const consent = lastText(r);
    expect(consent).toMatch(/Thông tin thu thập: .*văn bản ủy quyền nếu có\./);
    // The flow's `consent.data` and `procedure.authority` end with "." and the template adds "." / ", ...".
    expect(consent).not.toMatch(/\.\./);
    expect(consent).not.toMatch(/\.,/);
  });

  it('still delivers a reply hit by a 429, after retry_after', async () => {
    const CHAT = 1004;
    const chat = fake.chat(CHAT);
    await turn(fake, chat, () => chat.start());
    const rule = fake.fail({ method: 'sendMessage', chatId: CHAT, times: 1, error: { code: 429, retryAfter: 1 } });
    const r = await turn(fake, chat, () => chat.say('làm giấy khai sinh cho con'));
    expect(rule.remaining()).toBe(0);
    const sends = fake.callsTo('sendMessage', CHAT).slice(-3);
    expect(sends.map((c) => c.status)).toEqual([429, 200, 200]);
    const [limited, retried] = sends;
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(950);
    // Both replies arrived once each, in order.
    expect(r).toHaveLength(2);
    expect(r[0]?.text).toMatch(/Đăng ký khai sinh cho trẻ em/);
    expect(r[1]?.text).toMatch(/Bạn có đồng ý cho thu thập/);
  });

  it('subscribes to the ward\'s news with taps ("đăng ký nhận tin"), and "hủy nhận tin" stops it at once', async () => {
    const CHAT = 1009;
    const chat = fake.chat(CHAT);
    let r = await turn(fake, chat, () => chat.say('đăng ký nhận tin'));
    expect(r.map((m) => m.text).join('\n')).toMatch(/chỉ để gửi tin cho bạn/);
    expect(buttonsOf(r.at(-1))).toEqual(['Đồng ý nhận tin', 'Không, cảm ơn']);
    // Nothing is stored before the citizen agrees.
    expect(await t.app.store.subscriptions.get(`telegram:${CHAT}`)).toBeNull();
    r = await turn(fake, chat, () => chat.tap('Đồng ý nhận tin'));
    expect(lastText(r)).toMatch(/phường, xã nào/);
    r = await turn(fake, chat, () => chat.say('p11 go vap'));
    // An old ward: the bot offers the new ones it may be now, as buttons, or takes it at once.
    if (buttonsOf(r.at(-1)).length > 0 && !/chủ đề nào/.test(lastText(r))) r = await turn(fake, chat, () => chat.tap(buttonsOf(r.at(-1))[0]!));
    expect(lastText(r)).toMatch(/chủ đề nào/);
    expect(buttonsOf(r.at(-1))).toContain('Khẩn cấp, thiên tai');
    r = await turn(fake, chat, () => chat.tap('Khẩn cấp, thiên tai'));
    // A tap ticks the topic; "Xong" saves the ticked ones.
    expect(lastText(r)).toMatch(/Đã chọn: Khẩn cấp, thiên tai/);
    expect(buttonsOf(r.at(-1))).toEqual(expect.arrayContaining(['✓ Khẩn cấp, thiên tai', 'Xong']));
    expect(await t.app.store.subscriptions.get(`telegram:${CHAT}`)).toBeNull();
    r = await turn(fake, chat, () => chat.tap('Xong'));
    expect(lastText(r)).toMatch(/Đã đăng ký nhận tin của Phường .+ về: Khẩn cấp, thiên tai/);
    const sub = await t.app.store.subscriptions.get(`telegram:${CHAT}`);
    expect(sub).toMatchObject({ channel: 'telegram', chatId: String(CHAT), locale: 'vi', topics: ['emergency'] });
    expect(sub?.wardCode).toMatch(/^\d+$/);
    r = await turn(fake, chat, () => chat.say('huy nhan tin'));
    expect(lastText(r)).toMatch(/Đã hủy nhận tin/);
    expect(await t.app.store.subscriptions.get(`telegram:${CHAT}`)).toBeNull();
  });

  it('keeps two chats correct and in order when their updates arrive interleaved in one getUpdates batch', async () => {
    const A = 1005;
    const B = 1006;
    const a = fake.chat(A);
    const b = fake.chat(B);
    await turn(fake, a, () => a.say('làm giấy khai sinh cho con'));
    await turn(fake, b, () => b.say('đăng ký khai sinh cho bé'));
    await fake.waitForPoll();
    // The long poll now waiting is the last getUpdates call; it answers with the batch.
    const waitingPoll = fake.callsTo('getUpdates').length - 1;

    // Six updates in the same tick: one batch, the two chats interleaved.
    a.say('đồng ý');
    b.say('đồng ý');
    a.say('1'); // Tôi đứng tên đăng ký
    b.say('2'); // Tôi giúp người khác
    a.say('1'); // Mẹ
    b.say('1'); // Cha hoặc mẹ (of the registrant)
    await fake.waitForIdle();

    const batch = fake.callsTo('getUpdates').slice(waitingPoll).find((c) => (c.resultCount ?? 0) > 0);
    expect(batch?.resultCount).toBe(6);

    const ra = a.unread().map((m) => m.text);
    const rb = b.unread().map((m) => m.text);
    expect(ra).toHaveLength(4);
    expect(ra[0]).toMatch(/Cảm ơn bạn/);
    expect(ra[1]).toMatch(/tự đứng tên đăng ký/);
    expect(ra[2]).toMatch(/Bạn là gì của bé/);
    expect(ra[3]).toMatch(/Họ và tên của bạn/);
    expect(rb).toHaveLength(4);
    expect(rb[0]).toMatch(/Cảm ơn bạn/);
    expect(rb[1]).toMatch(/tự đứng tên đăng ký/);
    expect(rb[2]).toMatch(/Bạn là gì của người đứng tên/);
    expect(rb[3]).toMatch(/họ và tên của bạn \(người đang giúp/);

    const sa = await sessionOf(t.app.store, `telegram:${A}`);
    const sb = await sessionOf(t.app.store, `telegram:${B}`);
    expect(sa?.flow?.state).toMatchObject({ value: 'requester_name', context: { answers: { filer: 'self', requester_relation: 'mother' } } });
    expect(sb?.flow?.state).toMatchObject({ value: 'submitter_name', context: { answers: { filer: 'relative', relationship: 'parent' } } });
  });
});

describe('Telegram end to end (webhook mode)', () => {
  const SECRET = 'e2e_webhook-secret';
  let fake: FakeTelegram;
  let t: TestApp;
  let hookUrl: string;

  beforeAll(async () => {
    fake = await FakeTelegram.start();
    const port = await freePort();
    hookUrl = `http://127.0.0.1:${port}/telegram/webhook`;
    const logger = silentLogger();
    const telegram = new TelegramChannel({ token: fake.token, apiRoot: fake.apiRoot, logger, limits: FAST_TELEGRAM_LIMITS, webhook: { url: hookUrl, secretToken: SECRET } });
    t = await startApp({ channels: [telegram], logger, port });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('registers the webhook and serves it on the app HTTP server: Telegram posts, the bot answers', async () => {
    expect(fake.webhook).toMatchObject({ url: hookUrl, secretToken: SECRET });
    expect(fake.callsTo('getUpdates')).toHaveLength(0);
    const chat = fake.chat(2001);
    let r = await turn(fake, chat, () => chat.start());
    expect(buttonsOf(r.at(-1))).toContain('Đăng ký khai sinh');
    r = await turn(fake, chat, () => chat.tap('Đăng ký khai sinh'));
    expect(buttonsOf(r.at(-1))).toEqual(['Tôi đồng ý', 'Không đồng ý']);
    r = await turn(fake, chat, () => chat.tap('Tôi đồng ý'));
    expect(lastText(r)).toMatch(/tự đứng tên đăng ký/);
    expect(fake.webhookDeliveries.map((d) => d.status)).toEqual([200, 200, 200]);
    expect((await sessionOf(t.app.store, 'telegram:2001'))?.flow?.id).toBe('khai-sinh');
  });

  it('accepts a POST with the right secret and refuses a wrong (403) or missing (401) one', async () => {
    const chat = fake.chat(2002);
    await turn(fake, chat, () => chat.start());
    const update = (text: string) => fake.state.factory.message(2002, { text });
    const path = new URL(hookUrl).pathname;

    const wrong = await t.app.http.inject({ method: 'POST', url: path, headers: { [SECRET_HEADER]: 'guess' }, payload: update('làm giấy khai sinh cho con') });
    expect(wrong.statusCode).toBe(403);
    const missing = await t.app.http.inject({ method: 'POST', url: path, payload: update('làm giấy khai sinh cho con') });
    expect(missing.statusCode).toBe(401);
    // Over a real socket too.
    expect(await postUpdate(hookUrl, update('làm giấy khai sinh cho con'), 'guess')).toBe(403);
    expect(await postUpdate(hookUrl, update('làm giấy khai sinh cho con'))).toBe(401);
    expect(chat.unread()).toEqual([]);
    expect((await sessionOf(t.app.store, 'telegram:2002'))?.flow).toBeUndefined();

    const right = await t.app.http.inject({ method: 'POST', url: path, headers: { [SECRET_HEADER]: SECRET }, payload: update('làm giấy khai sinh cho con') });
    expect(right.statusCode).toBe(200);
    const r = chat.unread();
    expect(buttonsOf(r.at(-1))).toEqual(['Tôi đồng ý', 'Không đồng ý']);
    expect((await sessionOf(t.app.store, 'telegram:2002'))?.pending).toMatchObject({ kind: 'consent' });
  });
});

describe('Telegram with a bad token', () => {
  it('logs a clear error, and the app still starts with a working web chat', async () => {
    const fake = await FakeTelegram.start();
    const { logger, lines } = captureLogger();
    const telegram = new TelegramChannel({ token: '987654321:AAWrongTokenWrongTokenWrongToken12', apiRoot: fake.apiRoot, logger, limits: FAST_TELEGRAM_LIMITS });
    const t = await startApp({ channels: [telegram], logger });
    try {
      const failed = lines.find((l) => l.level >= 50 && l.channel === 'telegram' && /channel failed to start/.test(l.msg ?? ''));
      expect(failed?.msg).toMatch(/channel failed to start/);
      expect(String(failed?.err)).toMatch(/TELEGRAM_BOT_TOKEN was rejected by Telegram \(401\).*BotFather/);
      expect(fake.callsTo('getMe').at(-1)?.status).toBe(401);
      expect(fake.callsTo('getUpdates')).toHaveLength(0);

      const res = await t.app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: 'w1', text: 'làm giấy khai sinh cho con' } });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { replies: { text: string; choices?: { label: string }[] }[] };
      expect(body.replies.at(-1)?.text).toMatch(/Bạn có đồng ý cho thu thập/);
      expect(body.replies.at(-1)?.choices?.map((c) => c.label)).toEqual(['Tôi đồng ý', 'Không đồng ý']);
      // And over the real socket.
      const viaSocket = await fetch(`${t.url}/api/sim/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: 'w1', text: 'đồng ý' }) });
      expect(viaSocket.status).toBe(200);
      expect(((await viaSocket.json()) as { replies: { text: string }[] }).replies.at(-1)?.text).toMatch(/tự đứng tên đăng ký/);
    } finally {
      await t.close();
      await fake.close();
    }
  });
});
