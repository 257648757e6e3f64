import { describe, expect, it } from 'vitest';
import { echoYesNo } from './echo-yes-no.ts';

describe('echoYesNo', () => {
  it.each([
    ['không có ai', 'Có người làm chứng việc sinh không?', false],
    ['không muốn', 'Bạn có muốn để lại thông tin liên hệ không?', false],
    ['muốn', 'Bạn có muốn để lại thông tin liên hệ không?', true],
    ['chúng tôi cam đoan', 'Bạn có cam đoan những thông tin trên là đúng không?', true],
    ['đã nộp đủ rồi', 'Hộ kinh doanh đã nộp đủ thuế chưa?', true],
    ['chưa nộp', 'Hộ kinh doanh đã nộp đủ thuế chưa?', false],
    ['xong rồi', 'Đã làm xong chưa?', true],
    ['chưa xong', 'Đã làm xong chưa?', false],
    ['không biết nữa', 'Có người làm chứng không?', null],
    ['Nguyễn Văn An', 'Có người làm chứng không?', null],
    ['bệnh viện Từ Dũ ở quận 1 thành phố Hồ Chí Minh nhé', 'Bé sinh ở bệnh viện không?', null],
  ])('%s → %s', (answer, question, expected) => {
    expect(echoYesNo(answer, [question])).toBe(expected);
  });
});
