/**
 * End to end over Zalo: the real app (createApp: engine, flows, NLU, fields, memory store,
 * temp DATA_DIR) with a ZaloChannel over the fake port. Zalo 1:1 chats have no buttons, so
 * every choice arrives as a numbered list with "Trả lời 1, 2…" and the citizen answers with
 * the number; photos come in as real zca-js photo messages downloaded through the port.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZaloChannel } from '../../src/channels/zalo/zalo-channel.ts';
import { documentJpeg } from '../support/engine-harness.ts';
import { FakeZaloPort, testZaloChannel, type SentItem } from '../zalo/fake-zalo-port.ts';
import { GROUP_ID, USER_UID, groupMessage, userMessage } from '../zalo/zalo-fixtures.ts';
import { dateDaysAgo, recordInbound, sessionOf, startApp, TRACKING_CODE, until, type RecordedChannel, type TestApp } from './e2e-support.ts';

type TextItem = Extract<SentItem, { kind: 'text' }>;

let port: FakeZaloPort;
let zalo: ZaloChannel;
let rec: RecordedChannel;
let t: TestApp;
let jpeg: Uint8Array;
let nextMsgId = 8_100_000_000_000;

beforeAll(async () => {
  jpeg = await documentJpeg();
  port = new FakeZaloPort();
  zalo = testZaloChannel(port);
  rec = recordInbound(zalo);
  t = await startApp({ channels: [rec.channel] });
  await until(() => zalo.status().state === 'connected', 'the Zalo channel to connect');
});
afterAll(async () => {
  await t?.close();
});

/** What the bot sent to `uid` while `inject` was handled (the engine turn and its replies). */
async function turn(uid: string, inject: () => void): Promise<TextItem[]> {
  const before = port.sent.length;
  const target = rec.inbound.length + 1;
  inject();
  await until(() => rec.inbound.length >= target && rec.handled() >= target, 'the message to be handled');
  const out = port.sent.slice(before);
  for (const s of out) {
    expect(s.threadId).toBe(uid);
    expect(s.kind).toBe('text');
    expect(s.group).toBe(false);
  }
  return out as TextItem[];
}

const say = (uid: string, text: string): Promise<TextItem[]> => turn(uid, () => port.injectText(uid, text, String(nextMsgId++)));
const photo = (uid: string): Promise<TextItem[]> => turn(uid, () => port.injectPhoto(uid, jpeg, String(nextMsgId++)));

function last(items: TextItem[]): string {
  const m = items.at(-1);
  if (!m) throw new Error('the bot sent nothing');
  return m.text;
}

/** The numbered list rendered for a question without buttons. */
function numbered(labels: string[]): string {
  const list = labels.map((l, i) => `${i + 1}. ${l}`).join('\n');
  const n = labels.length;
  const instruction = n > 5 ? `Trả lời bằng một số từ 1 đến ${n}` : n === 1 ? 'Trả lời 1' : `Trả lời ${labels.slice(0, -1).map((_, i) => i + 1).join(', ')} hoặc ${n}`;
  return `\n\n${list}\n\n${instruction}`;
}

/**
 * Walks a self-filing khai-sinh up to the yes/no "Do you have the hospital birth certificate?",
 * choices answered by number, yes/no avoided. Returns that question.
 */
async function toBirthCertQuestion(uid: string): Promise<string> {
  await say(uid, 'làm giấy khai sinh cho con');
  await say(uid, '1'); // Tôi đồng ý
  await say(uid, '1'); // Tôi đứng tên đăng ký
  await say(uid, '2'); // Cha — so the mother's details are asked later
  await say(uid, 'Nguyễn Thị Lan');
  await say(uid, '079190001234');
  await say(uid, '0901234567');
  await say(uid, '12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh');
  await say(uid, 'Trần Minh Anh');
  await say(uid, dateDaysAgo(7));
  await say(uid, '2'); // Nữ
  await say(uid, '1'); // Bệnh viện
  return last(await say(uid, 'Bệnh viện Từ Dũ, TP. Hồ Chí Minh'));
}

describe('Zalo end to end', () => {
  it('completes khai-sinh through the Zalo adapter: numbered choices answered by number, a photo, summary, submit', async () => {
    const U = '5550000000000000001';
    let r = await say(U, 'làm giấy khai sinh cho con');
    expect(r.map((m) => m.text).join('\n')).toMatch(/Luật Bảo vệ dữ liệu cá nhân/);
    expect(last(r).endsWith(`Bạn có đồng ý cho thu thập và xử lý các thông tin trên không?${numbered(['Tôi đồng ý', 'Không đồng ý'])}`)).toBe(true);
    // The question is bold, the list and instruction are not.
    const consent = r.at(-1);
    const question = 'Bạn có đồng ý cho thu thập và xử lý các thông tin trên không?';
    expect(consent?.bold).toEqual([{ start: last(r).indexOf(question), len: question.length }]);

    r = await say(U, '1');
    expect(last(r)).toBe(`Bạn tự đứng tên đăng ký khai sinh cho bé, hay bạn đang giúp người khác làm thủ tục?${numbered(['Tôi đứng tên đăng ký', 'Tôi giúp người khác'])}`);
    r = await say(U, '2');
    expect(last(r)).toBe(
      `Bạn là gì của người đứng tên đăng ký khai sinh?${numbered(['Cha hoặc mẹ', 'Ông hoặc bà', 'Con', 'Cháu', 'Vợ hoặc chồng', 'Anh, chị, em ruột', 'Quan hệ khác'])}`,
    );
    r = await say(U, '6'); // Anh, chị, em ruột
    expect(last(r)).toMatch(/họ và tên của bạn \(người đang giúp làm thủ tục\)/);
    r = await say(U, 'Nguyễn Văn Bình');
    expect(last(r)).toMatch(/^Số điện thoại của bạn để cán bộ liên hệ khi cần\?/);
    expect(last(r)).toMatch(/Vui lòng gõ số điện thoại của bạn\.$/); // no "share contact" button on Zalo
    r = await say(U, '0912 345 678');
    expect(last(r)).toMatch(/giấy tờ chứng minh quan hệ/);
    expect(last(r).endsWith(numbered(['Bỏ qua']))).toBe(true);
    r = await say(U, 'bỏ qua');
    expect(last(r)).toBe(`Người đứng tên đăng ký là gì của bé?${numbered(['Mẹ', 'Cha', 'Ông hoặc bà', 'Người thân khác', 'Người đang nuôi dưỡng bé'])}`);
    r = await say(U, '1');
    expect(last(r)).toMatch(/^Họ và tên của người đứng tên đăng ký khai sinh\?/);
    r = await say(U, 'Nguyễn Thị Lan');
    expect(last(r)).toMatch(/CCCD, 12 chữ số\) của người đứng tên đăng ký/);
    r = await say(U, '079190001234');
    expect(last(r)).toMatch(/^Địa chỉ nơi cư trú của cha hoặc mẹ bé/);
    r = await say(U, '12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh');
    expect(last(r)).toMatch(/^Họ, chữ đệm và tên của bé/);
    r = await say(U, 'Trần Minh Anh');
    expect(last(r)).toMatch(/^Ngày sinh của bé/);
    r = await say(U, dateDaysAgo(12));
    expect(last(r)).toBe(`Giới tính của bé?${numbered(['Nam', 'Nữ'])}`);
    r = await say(U, '2');
    expect(last(r)).toBe(`Bé được sinh ra ở đâu?${numbered(['Bệnh viện, trạm y tế, nhà hộ sinh', 'Tại nhà', 'Nơi khác (trên đường đi, ...)'])}`);
    r = await say(U, '1');
    expect(last(r)).toMatch(/^Tên bệnh viện hoặc cơ sở y tế/);
    r = await say(U, 'Bệnh viện Từ Dũ, TP. Hồ Chí Minh');
    expect(last(r)).toBe(`Người đứng tên có Giấy chứng sinh của bé do bệnh viện hoặc cơ sở y tế cấp không?${numbered(['Có', 'Không'])}`);
    // Yes/no in words here: answering it by number is covered (and currently fails) below.
    r = await say(U, 'có');
    expect(last(r)).toMatch(/^Bạn vui lòng chụp và gửi ảnh Giấy chứng sinh/);

    r = await photo(U);
    expect(r[0]?.text).toMatch(/^Đã nhận 1(\/\d+)? ảnh/);
    expect(last(r)).toMatch(/Đã nhận 1\/2 ảnh/);
    r = await say(U, 'xong');
    expect(last(r)).toBe(`Dân tộc của bé? (theo dân tộc của cha hoặc mẹ)${numbered(['Kinh', 'Hoa', 'Khmer', 'Chăm', 'Dân tộc khác'])}`);
    r = await say(U, '1');
    expect(last(r)).toBe(`Quốc tịch của bé?${numbered(['Việt Nam', 'Quốc tịch khác'])}`);
    r = await say(U, '1');
    expect(last(r)).toMatch(/^Quê quán của bé/);
    r = await say(U, 'xã Nghi Lộc, tỉnh Nghệ An');
    // The mother is the one registering: her name and ID number are not asked a second time.
    expect(last(r)).toBe(`Cha và mẹ của bé đã đăng ký kết hôn chưa?${numbered(['Có', 'Không'])}`);
    r = await say(U, 'có');
    expect(last(r)).toMatch(/^Bạn vui lòng gửi ảnh Giấy chứng nhận kết hôn/);
    r = await say(U, 'bỏ qua');
    expect(last(r)).toMatch(/^Họ và tên của cha bé/);
    r = await say(U, 'Trần Văn Hùng');
    expect(last(r)).toMatch(/^Số căn cước \(CCCD\) của cha bé/);
    r = await say(U, 'bỏ qua');

    const summary = last(r);
    expect(summary).toMatch(/^Bạn vui lòng kiểm tra lại hồ sơ “Đăng ký khai sinh”/);
    expect(summary).toContain('Người giúp làm thủ tục: Nguyễn Văn Bình');
    expect(summary).toContain('Người đi đăng ký: Nguyễn Thị Lan');
    expect(summary).toContain('Ảnh Giấy chứng sinh: 1 ảnh');
    expect(summary.endsWith(numbered(['Xác nhận và nộp', 'Sửa thông tin', 'Hủy hồ sơ']))).toBe(true);

    r = await say(U, '1');
    const code = TRACKING_CODE.exec(r.map((m) => m.text).join('\n'))?.[0];
    expect(code, 'a tracking code in the reply').toBeDefined();
    expect(r[0]?.text).toMatch(/^Đã nộp hồ sơ “Đăng ký khai sinh”/);

    const d = await t.app.store.dossiers.get(code ?? '');
    expect(d).toMatchObject({
      procedureId: 'khai-sinh',
      status: 'submitted',
      applicant: { name: 'Nguyễn Thị Lan', idNumber: '079190001234' },
      submitter: { channel: 'zalo', chatId: U, userId: U, self: false, relationship: 'sibling' },
      answers: {
        filer: 'relative',
        relationship: 'sibling',
        submitter_name: 'Nguyễn Văn Bình',
        submitter_phone: '+84912345678',
        requester_relation: 'mother',
        child_sex: 'female',
        birth_place_type: 'facility',
        child_ethnicity: 'kinh',
        child_nationality: 'vn',
        requester_cccd: '079190001234',
        parents_married: true,
      },
    });
    expect(d?.notify).toContainEqual(expect.objectContaining({ channel: 'zalo', chatId: U }));
    const photos = d?.answers.birth_cert_photo as string[];
    expect(photos).toHaveLength(1);
    expect(d?.photos).toEqual(photos);
    expect(existsSync(join(t.dataDir, 'media', `${photos[0]}.jpg`))).toBe(true);
    expect(await t.app.store.dossiers.byChat(`zalo:${U}`)).toEqual([code]);
    expect((await sessionOf(t.app.store, `zalo:${U}`))?.flow).toBeUndefined();
  });

  it('answers a sticker with a friendly note of what works, and asks the open question again', async () => {
    const U = '5550000000000000002';
    await say(U, 'làm giấy khai sinh cho con');
    await say(U, '1');
    const before = await sessionOf(t.app.store, `zalo:${U}`);
    const r = await turn(U, () => port.emitMessage(userMessage('sticker', { uidFrom: U, msgId: String(nextMsgId++) })));
    expect(rec.inbound.at(-1)?.event).toEqual({ kind: 'unsupported', what: 'sticker' });
    expect(r).toHaveLength(2);
    expect(r[0]?.text).toMatch(/nhãn dán/);
    expect(r[0]?.text).toMatch(/chữ/);
    expect(r[0]?.text).toMatch(/ảnh/);
    expect(last(r)).toMatch(/^Bạn tự đứng tên đăng ký khai sinh cho bé/);
    expect((await sessionOf(t.app.store, `zalo:${U}`))?.flow?.state).toEqual(before?.flow?.state);
  });

  it('answers a group message with the private-chat note (once) and never passes it to the engine', async () => {
    const inboundBefore = rec.inbound.length;
    const sentBefore = port.sent.length;
    port.emitMessage(groupMessage('group', { msgId: String(nextMsgId++) }));
    await port.waitForSent(sentBefore + 1);
    port.emitMessage(groupMessage('group', { msgId: String(nextMsgId++), content: 'làm giấy khai sinh cho con' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(port.sent.slice(sentBefore)).toEqual([
      { kind: 'text', threadId: GROUP_ID, text: expect.stringMatching(/chỉ làm việc trong tin nhắn riêng/), bold: [], group: true },
    ]);
    expect(rec.inbound.length).toBe(inboundBefore);
    expect(await t.app.store.sessions.peek(`zalo:${GROUP_ID}`)).toBeNull();
    expect(await t.app.store.sessions.peek(`zalo:${USER_UID}`)).toBeNull();
  });
});

// Choices are rendered as "1. …  Trả lời 1 hoặc 2" for every question that has choices, but
// the engine maps a bare number only on `choice` steps and on its own prompts (consent,
// summary). These tests state what the Zalo citizen is told they can do.
describe('Zalo: news from the ward, opt-in only', () => {
  it('subscribes by numbers ("dang ky nhan tin") and "hủy nhận tin" stops it at once', async () => {
    const uid = 'zalo-sub-1';
    let r = await say(uid, 'dang ky nhan tin');
    expect(r.map((m) => m.text).join('\n')).toMatch(/chỉ để gửi tin cho bạn/);
    expect(last(r)).toContain(numbered(['Đồng ý nhận tin', 'Không, cảm ơn']));
    expect(await t.app.store.subscriptions.get(`zalo:${uid}`)).toBeNull();
    r = await say(uid, '1');
    expect(last(r)).toMatch(/phường, xã nào/);
    r = await say(uid, 'phường Bến Thành');
    expect(last(r)).toMatch(/chủ đề nào/);
    expect(last(r)).toMatch(/Trả lời bằng một số từ 1 đến 6/);
    r = await say(uid, '2 va 4');
    expect(last(r)).toMatch(/Đã đăng ký nhận tin của Phường Bến Thành về: Kinh doanh, hộ kinh doanh, Khẩn cấp, thiên tai/);
    expect(await t.app.store.subscriptions.get(`zalo:${uid}`)).toMatchObject({ channel: 'zalo', ward: 'Phường Bến Thành', topics: ['business', 'emergency'] });
    r = await say(uid, 'hủy nhận tin');
    expect(last(r)).toMatch(/Đã hủy nhận tin/);
    expect(await t.app.store.subscriptions.get(`zalo:${uid}`)).toBeNull();
    // Stopping twice says there is nothing to stop.
    expect(last(await say(uid, 'huy nhan tin'))).toMatch(/chưa đăng ký nhận tin/);
  });
});

describe('Zalo: every numbered list accepts its numbers', () => {
  it('a yes/no question shown as "1. Có / 2. Không — Trả lời 1 hoặc 2" accepts "1"', async () => {
    const U = '5550000000000000011';
    const q = await toBirthCertQuestion(U);
    expect(q).toBe(`Bạn có Giấy chứng sinh của bé do bệnh viện hoặc cơ sở y tế cấp không?${numbered(['Có', 'Không'])}`);
    const r = await say(U, '1');
    expect(last(r)).toMatch(/^Bạn vui lòng chụp và gửi ảnh Giấy chứng sinh/);
    expect((await sessionOf(t.app.store, `zalo:${U}`))?.flow?.state.context.answers.has_birth_cert).toBe(true);
  });

  it('a photo step shown with "1. Xong — Trả lời 1" accepts "1" to finish', async () => {
    const U = '5550000000000000012';
    await toBirthCertQuestion(U);
    await say(U, 'có');
    const r0 = await photo(U);
    expect(last(r0).endsWith(numbered(['Xong']))).toBe(true);
    const r = await say(U, '1');
    expect(last(r)).toMatch(/^Dân tộc của bé/);
  });

  it('an optional step shown with "1. Bỏ qua — Trả lời 1" accepts "1" to skip', async () => {
    const U = '5550000000000000013';
    await toBirthCertQuestion(U);
    await say(U, 'có');
    await photo(U);
    await say(U, 'xong');
    await say(U, '1'); // Kinh
    await say(U, '1'); // Việt Nam
    await say(U, 'xã Nghi Lộc, tỉnh Nghệ An');
    const q = last(await say(U, 'Nguyễn Thị Lan'));
    expect(q).toMatch(/^Số căn cước \(CCCD\) của mẹ bé/);
    expect(q.endsWith(numbered(['Bỏ qua']))).toBe(true);
    const r = await say(U, '1');
    expect(last(r)).toMatch(/^Cha và mẹ của bé đã đăng ký kết hôn chưa/);
  });
});

describe('Zalo: replies fit a chat without buttons', () => {
  it('the sticker note does not tell the citizen to tap buttons Zalo does not have', async () => {
    const U = '5550000000000000021';
    await say(U, 'làm giấy khai sinh cho con');
    const r = await turn(U, () => port.emitMessage(userMessage('sticker', { uidFrom: U, msgId: String(nextMsgId++) })));
    expect(r[0]?.text).toMatch(/nhãn dán/);
    expect(r[0]?.text).not.toMatch(/nút/);
  });

  it('a first "xin chào" (Zalo has no /start) gets the greeting and the numbered list of procedures', async () => {
    const U = '5550000000000000022';
    const r = await say(U, 'xin chào');
    expect(r.map((m) => m.text).join('\n')).toMatch(/Mình là trợ lý Một Cửa/);
    expect(last(r)).toMatch(/\d\. Đăng ký khai sinh/);
    expect(last(r)).toMatch(/Trả lời bằng một số từ 1 đến \d/);
  });
});
