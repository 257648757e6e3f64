import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalSyllable } from './canonical-syllable.ts';
import { analyze, normalize, normalizeFolded } from './normalize.ts';

describe('normalize', () => {
  it('lower-cases, drops emoji and punctuation, expands shorthand', () => {
    expect(normalize('Đk KS cho bé nhé 😊!!')).toBe('đăng kí khai sinh cho bé nhé');
    expect(normalize('e mún đk ks cho bé')).toBe('em muốn đăng kí khai sinh cho bé');
    expect(normalizeFolded('xn tthn cần gì')).toBe('xac nhan tinh trang hon nhan can gi');
    expect(normalizeFolded('lm gpkd cho quán')).toBe('lam giay phep kinh doanh cho quan');
    expect(normalizeFolded('ko')).toBe('khong');
    expect(normalizeFolded('hông')).toBe('khong');
  });

  it('reads shorthand by its neighbours', () => {
    expect(normalizeFolded('dk khai sinh cho con dc ko')).toBe('dang ki khai sinh cho con duoc khong');
    expect(normalizeFolded('lam online dk ko')).toBe('lam online duoc khong');
    expect(normalizeFolded('kt hs giúp mình')).toBe('kiem tra ho so giup minh');
    expect(normalizeFolded('đk kt cho ông')).toBe('dang ki khai tu cho ong');
    expect(normalizeFolded('xin xac nhan tt hn')).toBe('xin xac nhan tinh trang hon nhan');
    expect(normalizeFolded('đi hn chơi')).toBe('di ha noi choi');
    expect(normalizeFolded('lệ phí bn')).toBe('le phi bao nhieu');
    expect(normalizeFolded('bn ơi')).toBe('ban oi');
    expect(normalizeFolded('sang ten so hong')).toBe('sang ten so hong');
  });

  it('splits run-together shorthand', () => {
    expect(normalizeFolded('dkks online')).toBe('dang ki khai sinh online');
    expect(normalizeFolded('đkkh cần gì')).toBe('dang ki ket hon can gi');
    expect(normalizeFolded('xntthn')).toBe('xac nhan tinh trang hon nhan');
  });

  it('fixes common misspellings in this domain', () => {
    expect(normalize('phản ảnh lấn chiếm')).toBe('phản ánh lấn chiếm');
    expect(normalize('khai tữ cho bố')).toBe('khai tử cho bố');
    expect(normalize('đăng ký kết hông')).toBe('đăng kí kết hôn');
    expect(normalize('chấm dức hộ kinh doanh')).toBe('chấm dứt hộ kinh doanh');
    expect(normalize('hôn nhơn')).toBe('hôn nhân');
    expect(normalize('lệ fí')).toBe('lệ phí');
  });

  it('writes places the usual way', () => {
    expect(normalize('p7 q.3 Bình Thạnh')).toBe('phường 7 quận 3 bình thạnh');
  });

  it('tells typed-with-tones from typed-without', () => {
    expect(analyze('đăng ký khai sinh').marked).toBe(true);
    expect(analyze('dang ky khai sinh').marked).toBe(false);
    // Shorthand expansions do not count as the citizen typing tones.
    expect(analyze('dk ket hon').marked).toBe(false);
  });

  it('never throws and is idempotent on its own output', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const once = normalize(s);
        expect(normalize(once)).toBe(once);
      }),
    );
  });
});

describe('canonicalSyllable', () => {
  it('puts the tone on one vowel, whatever the keyboard did', () => {
    expect(canonicalSyllable('hoà')).toBe(canonicalSyllable('hòa'));
    expect(canonicalSyllable('thuỷ')).toBe('thủy');
    expect(canonicalSyllable('khoẻ')).toBe('khỏe');
    expect(canonicalSyllable('hoàng')).toBe('hoàng');
    expect(canonicalSyllable('người')).toBe('người');
    expect(canonicalSyllable('giấy')).toBe('giấy');
    expect(canonicalSyllable('quá')).toBe('quá');
    expect(canonicalSyllable('gì')).toBe('gì');
  });

  it('writes i for y after a consonant', () => {
    expect(canonicalSyllable('ký')).toBe('kí');
    expect(canonicalSyllable('lý')).toBe('lí');
    expect(canonicalSyllable('y')).toBe('y');
  });

  it('leaves non-Vietnamese words alone', () => {
    expect(canonicalSyllable('hello')).toBe('hello');
    expect(canonicalSyllable('2024')).toBe('2024');
  });
});
