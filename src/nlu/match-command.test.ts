import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCommand } from './match-command.ts';

describe('matchCommand', () => {
  it.each([
    ['quay lại', 'back'], ['Quay lại ạ', 'back'], ['quay lai', 'back'], ['trở lại', 'back'], ['lui', 'back'], ['/back', 'back'],
    ['hủy', 'cancel'], ['huỷ', 'cancel'], ['huy', 'cancel'], ['thôi', 'cancel'], ['hủy đi', 'cancel'], ['hủy giúp tôi', 'cancel'], ['tôi muốn hủy', 'cancel'], ['/huy', 'cancel'], ['cancel', 'cancel'],
    ['làm lại', 'restart'], ['bắt đầu lại', 'restart'], ['lam lai tu dau', 'restart'],
    ['nhắc lại', 'repeat'], ['hỏi lại', 'repeat'],
    ['bỏ qua', 'skip'], ['bo qua', 'skip'], ['không có', 'skip'], ['skip', 'skip'],
    ['xong', 'done'], ['xong rồi', 'done'], ['hết rồi', 'done'], ['done', 'done'],
    ['xóa dữ liệu của tôi', 'delete'], ['xoa du lieu cua toi', 'delete'],
    ['gặp cán bộ', 'human'], ['gap can bo', 'human'], ['cho tôi gặp cán bộ', 'human'], ['nói chuyện với người', 'human'], ['talk to a human', 'human'],
    ['help', 'help'], ['giúp tôi', 'help'], ['trợ giúp', 'help'], ['?', 'help'], ['/help', 'help'],
    ['menu', 'menu'],
    ['tra cứu', 'status'], ['tra cứu hồ sơ', 'status'],
  ])('%s → %s', (text, name) => {
    expect(matchCommand(text)?.name).toBe(name);
  });

  it('switches language', () => {
    expect(matchCommand('English')).toEqual({ name: 'language', locale: 'en' });
    expect(matchCommand('tiếng Việt')).toEqual({ name: 'language', locale: 'vi' });
    expect(matchCommand('tieng viet')).toEqual({ name: 'language', locale: 'vi' });
    expect(matchCommand('chuyển sang tiếng Anh')).toEqual({ name: 'language', locale: 'en' });
    expect(matchCommand('/lang en')).toEqual({ name: 'language', locale: 'en' });
  });

  it('reads tracking codes as citizens type them', () => {
    for (const t of ['tra cứu HS-7K2M-9QXD', 'tra cuu hs7k2m9qxd', 'HS-7K2M-9QXD', 'hs 7k2m 9qxd', 'tra cứu 7K2M-9QXD', '/status HS-7K2M-9QXD', 'hồ sơ HS-7K2M-9QXD của tôi sao rồi']) {
      expect(matchCommand(t), t).toEqual({ name: 'status', code: 'HS-7K2M-9QXD' });
    }
    // Without "HS" a code needs a status phrase; 0, O, 1 and I are not in the alphabet.
    expect(matchCommand('7K2M-9QXD')).toBeNull();
    expect(matchCommand('tra cứu HS-0K2M-9QXD')).toEqual({ name: 'status' });
  });

  it('never takes an ordinary answer for a command', () => {
    for (const t of ['Huy Hoàng', 'Nguyễn Quang Huy', 'Hàng xóm hủy hoại cây xanh', 'quán bị hủy', 'tôi muốn quay lại phường để nộp', 'không có giấy chứng sinh', '12/03/2024', '0901234567', 'có', 'không', '']) {
      expect(matchCommand(t), t).toBeNull();
    }
  });

  it('lets the step decide borderline words', () => {
    expect(matchCommand('Huy', { step: 'name' })).toBeNull();
    expect(matchCommand('hủy', { step: 'name' })).toEqual({ name: 'cancel' });
    expect(matchCommand('không có', { step: 'yesno' })).toBeNull();
    expect(matchCommand('không có', { step: 'choice' })).toBeNull();
    expect(matchCommand('không có', { step: 'text' })).toEqual({ name: 'skip' });
  });

  it('never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void matchCommand(s)));
  });
});
