/**
 * After submission: officials ask for missing items and the citizen answers them in chat (even
 * mid-way through another procedure); relatives follow a dossier with a code and PIN.
 */
import { describe, expect, it } from 'vitest';
import { applyTransition } from '../../src/dossiers/lifecycle.ts';
import { loadFlows } from '../../src/flows/load-flows.ts';
import { readSession } from '../../src/engine/session.ts';
import { allText, choiceValue, createHarness, documentJpeg, last, type Harness } from '../support/engine-harness.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';

const CODE = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/;

/** Files the mini flow for oneself from `chat` and returns the tracking code. */
async function submit(h: Harness, chat: string): Promise<string> {
  await h.text(chat, 'thu tuc thu nghiem');
  await h.text(chat, 'đồng ý');
  for (const a of ['1', 'Lê Văn Tám', 'nam', '1/1/1980', '079080001234', '0912345678', 'bỏ qua', 'không', 'mất rồi', '2']) await h.text(chat, a);
  await h.send(chat, { kind: 'location', lat: 10.77, lng: 106.7 });
  await h.text(chat, '12 Nguyễn Trãi, phường Bến Thành');
  const done = await h.tap(chat, 'review:confirm');
  const code = CODE.exec(allText(done))?.[0];
  if (!code) throw new Error(`not submitted: ${allText(done)}`);
  return code;
}

async function requestSupplement(h: Harness, code: string, steps: string[], message: string): Promise<void> {
  const at = new Date();
  await h.store.dossiers.update(code, (d) => {
    const received = applyTransition(d, { action: 'receive', by: 'official:an', at });
    const asked = applyTransition(received, { action: 'request_supplement', by: 'official:an', at, note: message });
    return { ...asked, supplement: { steps, message, requestedAt: at.toISOString(), by: 'official:an' } };
  });
}

describe('supplements answered in chat', () => {
  const h = createHarness({ flows: loadFlows(FIXTURE_FLOWS) });

  it('asks exactly the requested items with the officials message, then returns the dossier to processing', async () => {
    const code = await submit(h, 's1');
    await requestSupplement(h, code, ['has_doc', 'doc_photos', 'count'], 'Thiếu ảnh giấy tờ thử.');
    let r = await h.text('s1', 'xin chào');
    expect(allText(r)).toContain('Thiếu ảnh giấy tờ thử.');
    expect(last(r).text).toMatch(/\(1\/3\).*giấy tờ thử không/s);
    r = await h.text('s1', 'có');
    expect(last(r).text).toMatch(/\(2\/3\).*ảnh giấy tờ/s);
    r = await h.photo('s1', await documentJpeg());
    expect(last(r).text).toMatch(/Đã nhận 1\/2 ảnh/);
    r = await h.text('s1', 'xong');
    expect(last(r).text).toMatch(/\(3\/3\).*bao nhiêu người/is);
    r = await h.text('s1', '4');
    expect(allText(r)).toMatch(/Đã gửi phần bổ sung/);
    const d = await h.store.dossiers.get(code);
    expect(d?.status).toBe('processing');
    expect(d?.supplement).toBeUndefined();
    expect(d?.answers).toMatchObject({ has_doc: true, count: 4 });
    expect(d?.amendments.map((a) => [a.step, a.before, a.after])).toEqual([
      ['has_doc', false, true],
      ['doc_photos', undefined, expect.any(Array)],
      ['count', 2, 4],
    ]);
    expect(d?.photos).toHaveLength(1);
    expect(d?.history.at(-1)).toMatchObject({ status: 'processing', by: 'citizen' });
  });

  it('offers the supplement mid-procedure, parks the procedure and resumes it afterwards', async () => {
    const code = await submit(h, 's2');
    await requestSupplement(h, code, ['count'], 'Số người chưa đúng.');
    const offered = await h.text('s2', 'thu tuc thu nghiem');
    expect(allText(offered)).toMatch(new RegExp(`${code} đang chờ bạn bổ sung`));
    await h.text('s2', 'đồng ý');
    await h.text('s2', '1');
    let r = await h.text('s2', 'bổ sung');
    expect(last(r).text).toMatch(/bổ sung ngay/i);
    r = await h.tap('s2', choiceValue(last(r), /Bổ sung ngay/));
    expect(allText(r)).toContain('Số người chưa đúng.');
    r = await h.text('s2', '3');
    expect(allText(r)).toMatch(/Đã gửi phần bổ sung/);
    expect(last(r).text).toMatch(/Họ và tên của bạn/);
    expect((await h.store.dossiers.get(code))?.answers.count).toBe(3);
  });

  it('lets the citizen pause and come back, keeping the request open', async () => {
    const code = await submit(h, 's3');
    await requestSupplement(h, code, ['count'], 'Cần số người.');
    await h.text('s3', 'chào');
    let r = await h.text('s3', 'hủy');
    expect(allText(r)).toMatch(/gõ “bổ sung”/);
    expect((await h.store.dossiers.get(code))?.status).toBe('supplement_requested');
    r = await h.text('s3', 'bổ sung');
    expect(last(r).text).toMatch(/bao nhiêu người/i);
  });
});

describe('family followers', () => {
  const h = createHarness({ flows: loadFlows(FIXTURE_FLOWS) });

  it('shares a code and PIN; a relative on another chat follows; the owner removes them', async () => {
    const code = await submit(h, 'owner');
    const shared = allText(await h.text('owner', 'chia sẻ hồ sơ'));
    const pin = new RegExp(`theo dõi ${code} (\\d{6})`).exec(shared)?.[1];
    expect(pin).toBeDefined();
    // A stranger without the PIN sees nothing.
    expect(allText(await h.text('relative', `tra cứu ${code}`))).toMatch(/không tìm thấy/);
    expect(allText(await h.text('relative', `theo dõi ${code} 000000`))).toMatch(/không đúng/);
    const followed = allText(await h.text('relative', `theo doi ${code.toLowerCase()} ${pin}`));
    expect(followed).toMatch(/đã theo dõi/);
    expect(followed).toContain(code);
    expect(allText(await h.text('relative', `tra cứu ${code}`))).toContain(code);
    const d = await h.store.dossiers.get(code);
    expect(d?.notify.map((n) => n.chatId)).toEqual(['owner', 'relative']);
    const list = await h.text('owner', 'người theo dõi');
    expect(last(list).text).toMatch(/1\. Trang web …tive/);
    await h.tap('owner', choiceValue(last(list), /Xóa người số 1/));
    expect((await h.store.dossiers.get(code))?.notify.map((n) => n.chatId)).toEqual(['owner']);
  });

  it('limits wrong PINs per chat', async () => {
    const code = await submit(h, 'owner2');
    await h.text('owner2', 'chia sẻ');
    for (let i = 0; i < 5; i++) expect(allText(await h.text('guesser', `theo dõi ${code} 12345${i}`))).toMatch(/không đúng/);
    expect(allText(await h.text('guesser', `theo dõi ${code} 999999`))).toMatch(/quá nhiều lần/);
  });

  it('session stays valid through it all', async () => {
    const s = readSession(await h.store.sessions.peek('web:owner'));
    expect(s.ok).toBe(true);
  });
});
