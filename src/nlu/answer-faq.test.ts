import { describe, expect, it } from 'vitest';
import { readFlows } from '../flows/load-flows.ts';
import { translator } from '../i18n/locales.ts';
import { answerQuestion } from './answer-faq.ts';

const FIXTURES = new URL('../../test/nlu/fixtures/flows', import.meta.url).pathname;
const flows = readFlows(FIXTURES).flows;
const khaiSinh = flows.find((f) => f.id === 'khai-sinh')!;
const ketHon = flows.find((f) => f.id === 'ket-hon')!;
const t = translator();

describe('answerQuestion', () => {
  it('answers from the flow FAQ first', () => {
    expect(answerQuestion('không có giấy chứng sinh thì sao?', khaiSinh, 'vi', t)).toBe(khaiSinh.faq[0]!.a.vi);
    expect(answerQuestion('What if there is no birth notice?', khaiSinh, 'en', t)).toBe(khaiSinh.faq[0]!.a.en);
  });

  it('answers from the procedure data', () => {
    expect(answerQuestion('cần giấy tờ gì?', khaiSinh, 'vi', t)).toContain('Giấy chứng sinh do cơ sở y tế cấp');
    expect(answerQuestion('lệ phí bao nhiêu', khaiSinh, 'vi', t)).toContain('Miễn phí nếu đăng ký trong 60 ngày');
    expect(answerQuestion('làm ở đâu', khaiSinh, 'vi', t)).toContain('UBND xã/phường');
    expect(answerQuestion('mất bao lâu', khaiSinh, 'vi', t)).toContain('Trong ngày');
    expect(answerQuestion('ai được nộp?', khaiSinh, 'vi', t)).toBe(t('vi', 'nlu.faq.eligibility'));
    expect(answerQuestion('có cần cả hai người đến không', ketHon, 'vi', t)).toContain('Cả hai bên phải có mặt');
    expect(answerQuestion('le phi bao nhieu', ketHon, 'vi', t)).toContain('Miễn phí');
    expect(answerQuestion('How much is the fee?', ketHon, 'en', t)).toContain('Free for Vietnamese citizens');
    expect(answerQuestion('how long does it take?', khaiSinh, 'en', t)).toContain('The same day');
    expect(answerQuestion('can I do it online?', khaiSinh, 'en', t)).toBe(t('en', 'nlu.faq.online_full'));
  });

  it('stays out of ordinary answers', () => {
    for (const s of [
      'Nguyễn Văn An', '12/03/2024', 'có', 'không', '0901 234 567', '123 Lê Lợi, phường Bến Thành', 'nữ', 'con gái',
      'Quán nhậu lấn chiếm vỉa hè trước số 12 suốt mấy tháng nay, không ai nhắc nhở gì cả, tối nào cũng bày bàn ghế ra tận lòng đường, người đi bộ phải đi xuống đường rất nguy hiểm',
      'để kết hôn', 'con tôi tên gì cũng được à',
    ]) {
      expect(answerQuestion(s, khaiSinh, 'vi', t), s).toBeNull();
    }
  });
});
