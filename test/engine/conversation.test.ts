/**
 * The engine's mechanics on a tiny fixture flow: consent, one question at a time, errors that
 * keep earlier answers, commands, photos, the summary with edits, idempotent submission.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSession } from '../../src/engine/session.ts';
import { loadFlows } from '../../src/flows/load-flows.ts';
import { allText, choiceValue, createHarness, documentJpeg, FIXTURE_FLOWS, last, type Harness } from '../support/engine-harness.ts';

const CODE = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/;

async function session(h: Harness, chat: string) {
  const r = readSession(await h.store.sessions.peek(`web:${chat}`));
  if (!r.ok) throw new Error(r.reason);
  return r.session;
}

/** Walks the mini flow to its summary as a relative filing for a parent. */
async function toSummary(h: Harness, chat: string): Promise<void> {
  await h.send(chat, { kind: 'start' });
  let r = await h.text(chat, 'thu tuc thu nghiem');
  r = await h.tap(chat, choiceValue(last(r), /đồng ý/i));
  expect(last(r).text).toMatch(/chính mình hay giúp người khác/);
  r = await h.text(chat, '2');
  expect(last(r).text).toMatch(/là gì của bạn/);
  r = await h.text(chat, 'me');
  expect(last(r).text).toMatch(/người cần làm thủ tục/);
  await h.text(chat, 'trần  thị MAI');
  await h.text(chat, 'nữ');
  await h.text(chat, '5/3/1990');
  await h.text(chat, '079190001234');
  await h.text(chat, '0901 234 567');
  await h.text(chat, 'bỏ qua');
  r = await h.text(chat, 'có');
  expect(last(r).text).toMatch(/ảnh giấy tờ/);
  await h.photo(chat, await documentJpeg());
  r = await h.text(chat, 'xong');
  expect(last(r).text).toMatch(/bao nhiêu người/i);
  await h.text(chat, '3');
  await h.send(chat, { kind: 'location', lat: 10.7769, lng: 106.7009 });
  r = await h.text(chat, '12 Nguyễn Trãi, phường Bến Thành');
  expect(last(r).text).toMatch(/kiểm tra lại hồ sơ/);
}

describe('engine conversation (fixture flow)', () => {
  const h = createHarness({ flows: loadFlows(FIXTURE_FLOWS) });

  it('greets with the menu and asks for consent before any question', async () => {
    const greet = await h.send('a', { kind: 'start' });
    expect(last(greet).choices?.map((c) => c.label)).toContain('Thủ tục thử nghiệm');
    const offer = await h.text('a', 'tôi muốn làm thủ tục thử nghiệm');
    const consent = last(offer);
    expect(consent.text).toMatch(/Luật Bảo vệ dữ liệu cá nhân/);
    expect(consent.text).toMatch(/họ tên, ngày sinh/);
    expect(consent.text).toMatch(/từ chối/);
    expect(consent.text).toMatch(/nhạy cảm/); // the flow has a sensitive photo step
    expect(consent.choices?.map((c) => c.label)).toEqual(['Tôi đồng ý', 'Không đồng ý']);
  });

  it('stores nothing when consent is refused', async () => {
    await h.text('refuse', 'thu tuc thu nghiem');
    const r = await h.text('refuse', 'không đồng ý');
    expect(allText(r)).toMatch(/không lưu thông tin nào/);
    expect(await h.store.sessions.peek('web:refuse')).toBeNull();
  });

  it('explains a wrong answer and asks the same question, keeping earlier answers', async () => {
    await h.text('b', 'thu tuc thu nghiem');
    await h.text('b', 'đồng ý');
    await h.text('b', 'cho chính tôi');
    let r = await h.text('b', 'Nguyễn Văn An');
    expect(last(r).text).toMatch(/Giới tính/);
    await h.text('b', 'nam');
    r = await h.text('b', '31/02/1990');
    expect(r).toHaveLength(2);
    expect(r[0]!.text).toMatch(/31\/02|không có ngày|ngày 31/i);
    expect(r[1]!.text).toMatch(/Ngày sinh/);
    await h.text('b', '5/3/1990');
    r = await h.text('b', '07909000123');
    expect(r[0]!.text).toMatch(/12 chữ số/);
    expect(r[0]!.text).toMatch(/11/);
    r = await h.text('b', '079190001234'); // digit 4 = 1: female, but the answer said male
    expect(r[0]!.text).toMatch(/giới tính|nam|nữ/i);
    r = await h.text('b', '079090001234');
    expect(last(r).text).toMatch(/Số điện thoại/);
    const s = await session(h, 'b');
    expect(s?.flow?.state.context.answers).toMatchObject({ filer: 'self', full_name: 'Nguyễn Văn An', sex: 'male', dob: '1990-03-05', id_number: '079090001234' });
  });

  it('goes back, repeats, refuses to skip a required question, and switches language', async () => {
    let r = await h.text('b', 'quay lại');
    expect(last(r).text).toMatch(/CCCD/);
    r = await h.text('b', 'nhắc lại');
    expect(last(r).text).toMatch(/CCCD/);
    r = await h.text('b', 'bỏ qua');
    expect(allText(r)).toMatch(/bắt buộc/);
    r = await h.text('b', 'English');
    expect(allText(r)).toMatch(/Switched to English/);
    expect(last(r).text).toMatch(/12-digit personal ID/);
    r = await h.text('b', 'Tiếng Việt');
    expect(last(r).text).toMatch(/CCCD/);
  });

  it('answers a question about the procedure and stays on the step', async () => {
    const r = await h.text('b', 'lệ phí bao nhiêu vậy?');
    expect(allText(r)).toMatch(/miễn phí/i);
    expect(last(r).text).toMatch(/CCCD/);
  });

  it('treats a tap on an old keyboard as stale, changing nothing', async () => {
    const before = await session(h, 'b');
    const r = await h.tap('b', 'a:filer:relative');
    expect(r[0]!.text).toMatch(/câu hỏi trước/);
    expect(last(r).text).toMatch(/CCCD/);
    expect((await session(h, 'b'))?.flow?.state.context.answers).toEqual(before?.flow?.state.context.answers);
    const never = await h.tap('b', 'a:id_number:nonsense');
    expect(last(never).text).toMatch(/CCCD/);
  });

  it('completes a filing for a relative, summary edits included, and submits exactly once', async () => {
    await toSummary(h, 'c');
    let r = await h.text('c', 'sửa 3');
    expect(last(r).text).toMatch(/người cần làm thủ tục/);
    r = await h.text('c', 'Trần Thị Mai Anh');
    const summary = last(r);
    expect(summary.text).toMatch(/Trần Thị Mai Anh/);
    expect(summary.text).toMatch(/0901 234 567/);
    expect(summary.text).toMatch(/05\/03\/1990/);
    expect(summary.text).toMatch(/\(bỏ qua\)/);
    const confirm = choiceValue(summary, /Xác nhận và nộp/);
    const [first, second] = [await h.tap('c', confirm), await h.tap('c', confirm)];
    const code = CODE.exec(allText(first))?.[0];
    expect(code).toBeDefined();
    expect(allText(first)).toMatch(/UBND phường thử nghiệm/);
    expect(allText(first)).toMatch(/Mang bản chính/);
    expect(allText(second)).toContain(code);
    const codes = await h.store.dossiers.byChat('web:c');
    expect(codes).toEqual([code]);
    const d = await h.store.dossiers.get(code!);
    expect(d).toMatchObject({
      procedureId: 'mini',
      status: 'submitted',
      applicant: { name: 'Trần Thị Mai Anh', idNumber: '079190001234', phone: '+84901234567' },
      submitter: { channel: 'web', chatId: 'c', self: false, relationship: 'parent' },
    });
    expect(d?.answers.email).toBeUndefined();
    expect(d?.answers.reason).toBeUndefined();
    expect(d?.photos).toHaveLength(1);
    expect(existsSync(join(h.dataDir, 'media'))).toBe(true);
  });

  it('cancels after confirmation and deletes the photos of the run', async () => {
    await h.text('d', 'thu tuc thu nghiem');
    await h.text('d', 'đồng ý');
    for (const a of ['1', 'Lê Văn Tám', 'nam', '1/1/1980', '079080001234', '0912345678', 'bo qua', 'co']) await h.text('d', a);
    const before = readdirSync(join(h.dataDir, 'media')).length;
    await h.photo('d', await documentJpeg());
    expect(readdirSync(join(h.dataDir, 'media')).length).toBe(before + 1);
    let r = await h.text('d', 'hủy');
    expect(last(r).text).toMatch(/chắc chắn muốn hủy/);
    r = await h.text('d', 'không');
    expect(last(r).text).toMatch(/ảnh/);
    await h.text('d', 'huy');
    r = await h.text('d', 'có');
    expect(allText(r)).toMatch(/Đã hủy/);
    expect(readdirSync(join(h.dataDir, 'media')).length).toBe(before);
    expect((await session(h, 'd'))?.flow).toBeUndefined();
  });

  it('deletes everything about the chat on request', async () => {
    await h.text('e', 'thu tuc thu nghiem');
    await h.text('e', 'đồng ý');
    await h.text('e', '1');
    let r = await h.text('e', 'xóa dữ liệu của tôi');
    expect(last(r).text).toMatch(/xóa toàn bộ dữ liệu/);
    r = await h.text('e', 'có');
    expect(allText(r)).toMatch(/Đã xóa toàn bộ/);
    expect(await h.store.sessions.peek('web:e')).toBeNull();
  });

  it('drops a redelivered message id', async () => {
    await h.send('f', { kind: 'text', text: 'thu tuc thu nghiem' }, { messageId: 'dup-1' });
    const again = await h.send('f', { kind: 'text', text: 'thu tuc thu nghiem' }, { messageId: 'dup-1' });
    expect(again).toEqual([]);
  });

  it('says what works for stickers and voice, then repeats the question', async () => {
    await h.text('g', 'thu tuc thu nghiem');
    const r = await h.send('g', { kind: 'unsupported', what: 'sticker' });
    expect(r[0]!.text).toMatch(/nhãn dán/);
    expect(last(r).text).toMatch(/đồng ý/i);
  });
});
