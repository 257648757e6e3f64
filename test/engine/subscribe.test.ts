/** Opt-in to the ward's guidance in chat, and opting out at once. */
import { describe, expect, it } from 'vitest';
import { loadFlows } from '../../src/flows/load-flows.ts';
import { allText, choiceValue, createHarness, last } from '../support/engine-harness.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';

describe('subscriptions', () => {
  const h = createHarness({ flows: loadFlows(FIXTURE_FLOWS) });

  it('subscribes on request: consent, ward, topics', async () => {
    let r = await h.text('w1', 'đăng ký nhận tin');
    expect(last(r).text).toMatch(/hủy nhận tin/);
    expect(await h.store.subscriptions.get('web:w1')).toBeNull();
    r = await h.tap('w1', choiceValue(last(r), /Đồng ý nhận tin/));
    expect(last(r).text).toMatch(/phường, xã nào/);
    r = await h.text('w1', 'p ben thanh');
    expect(last(r).text).toMatch(/chủ đề nào/);
    r = await h.text('w1', '1, 4');
    expect(allText(r)).toMatch(/Đã đăng ký nhận tin của Phường Bến Thành/);
    expect(await h.store.subscriptions.get('web:w1')).toMatchObject({ channel: 'web', ward: 'Phường Bến Thành', topics: ['civil_status', 'emergency'], locale: 'vi' });
    r = await h.text('w1', 'hủy nhận tin');
    expect(allText(r)).toMatch(/Đã hủy nhận tin/);
    expect(await h.store.subscriptions.get('web:w1')).toBeNull();
  });

  it('stores nothing when the citizen declines', async () => {
    await h.text('w2', 'nhận tin');
    const r = await h.text('w2', 'không');
    expect(allText(r)).toMatch(/sẽ không gửi tin/);
    expect(await h.store.subscriptions.get('web:w2')).toBeNull();
  });

  it('offers it after a procedure, with the ward from the dossier suggested', async () => {
    await h.text('w3', 'thu tuc thu nghiem');
    await h.text('w3', 'đồng ý');
    for (const a of ['1', 'Lê Văn Tám', 'nam', '1/1/1980', '079080001234', '0912345678', 'bỏ qua', 'không', 'mất rồi', '2']) await h.text('w3', a);
    await h.send('w3', { kind: 'location', lat: 10.77, lng: 106.7 });
    await h.text('w3', '12 Nguyễn Trãi, phường Bến Thành');
    let r = await h.tap('w3', 'review:confirm');
    expect(last(r).text).toMatch(/HS-/);
    expect(last(r).text).toMatch(/nhận tin hướng dẫn/);
    r = await h.text('w3', '1');
    expect(last(r).text).toMatch(/Theo hồ sơ của bạn: Phường Bến Thành/);
    r = await h.text('w3', '1');
    expect(last(r).text).toMatch(/chủ đề nào/);
    r = await h.text('w3', 'tất cả');
    expect((await h.store.subscriptions.get('web:w3'))?.topics).toHaveLength(5);
    // A second confirm tap still just names the dossier.
    expect(allText(await h.tap('w3', 'review:confirm'))).toMatch(/đã được nộp rồi/);
  });
});

describe('choosing topics by tapping', () => {
  const h = createHarness({ flows: loadFlows(FIXTURE_FLOWS) });
  const toTopics = async (chat: string) => {
    let r = await h.text(chat, 'đăng ký nhận tin');
    r = await h.tap(chat, choiceValue(last(r), /Đồng ý nhận tin/));
    return h.text(chat, 'p ben thanh');
  };

  it('ticks topics one tap at a time, takes one back on a second tap, and saves them with “Xong”', async () => {
    let r = await toTopics('t1');
    expect(last(r).choices?.map((c) => c.label)).not.toContain('Xong');
    r = await h.tap('t1', choiceValue(last(r), /Hộ tịch/));
    expect(last(r).text).toMatch(/Đã chọn: Hộ tịch/);
    expect(await h.store.subscriptions.get('web:t1')).toBeNull();
    r = await h.tap('t1', choiceValue(last(r), /Khẩn cấp/));
    r = await h.tap('t1', choiceValue(last(r), /Thông báo chung/));
    r = await h.tap('t1', choiceValue(last(r), /✓ Thông báo chung/));
    expect(last(r).choices?.map((c) => c.label)).toEqual(['✓ Hộ tịch (khai sinh, kết hôn, khai tử…)', 'Kinh doanh, hộ kinh doanh', 'Trật tự đô thị, môi trường', '✓ Khẩn cấp, thiên tai', 'Thông báo chung', 'Tất cả', 'Xong']);
    r = await h.tap('t1', choiceValue(last(r), /^Xong$/));
    expect(allText(r)).toMatch(/Đã đăng ký nhận tin của Phường Bến Thành/);
    expect((await h.store.subscriptions.get('web:t1'))?.topics).toEqual(['civil_status', 'emergency']);
  });

  it('saves every topic on “Tất cả”, and asks for one when “Xong” comes first', async () => {
    let r = await toTopics('t2');
    r = await h.send('t2', { kind: 'choice', value: 'cmd:done' });
    expect(allText(r)).toMatch(/chưa chọn mục nào/);
    r = await h.tap('t2', choiceValue(last(r), /Tất cả/));
    expect((await h.store.subscriptions.get('web:t2'))?.topics).toHaveLength(5);
  });
});
