import { describe, expect, it } from 'vitest';
import { parseYesNo } from './yes-no.ts';

describe('parseYesNo', () => {
  it.each(['có', 'co', 'Có ạ', 'có ạ', 'Dạ có', 'ừ', 'uh', 'ừm', 'dạ', 'vâng', 'vâng ạ', 'ok', 'oke', 'OK', 'đúng', 'Đúng rồi', 'đồng ý', 'dong y', 'yes', 'y', 'Yes please', '👍', 'có, tôi có giấy chứng sinh'])(
    '%s is yes',
    (s) => expect(parseYesNo(s)).toBe(true),
  );

  it.each(['không', 'khong', 'ko', 'k', 'hông', 'hok', 'chưa', 'sai', 'no', 'n', 'No thanks', 'không đồng ý', 'dạ không', 'dạ không ạ', 'dạ chưa', 'không có', 'không, tôi không có', 'ok không cần'])(
    '%s is no',
    (s) => expect(parseYesNo(s)).toBe(false),
  );

  it.each(['', 'không biết', 'có lẽ', 'có không', 'Nguyễn Văn An', '12/03/2024', 'Huy', 'maybe', 'không chắc', 'x'.repeat(1000)])(
    '%s is not an answer',
    (s) => expect(parseYesNo(s)).toBeNull(),
  );
});
