import { describe, expect, it } from 'vitest';
import type { Locale } from '../channels/channel.ts';
import { sharedCatalog, translator } from '../i18n/locales.ts';
import { AddressValueSchema, addressField, createAddressField, MAX_ADDRESS_LENGTH } from './address-field.ts';
import type { FieldError, FieldResult } from './field-type.ts';
import { makeCtx, makeStep, text } from './field-test-kit.ts';

const ctx = makeCtx();
const en = makeCtx({ locale: 'en' });
const step = makeStep('address');
const t = translator();

function settled(r: FieldResult | Promise<FieldResult>): FieldResult {
  if (r instanceof Promise) throw new Error('the address field is synchronous');
  return r;
}
const parse = (input: string, c = ctx): FieldResult => settled(addressField.parse(text(input), step, c));

/** Renders an address.* text in both languages, checking it exists and every placeholder is filled. */
function render(e: FieldError, locale: Locale = 'vi'): string {
  expect(e.key.startsWith('address.'), e.key).toBe(true);
  const out = { vi: '', en: '' };
  for (const lang of ['vi', 'en'] as const) {
    expect(sharedCatalog()[lang].has(e.key), `${lang}: ${e.key}`).toBe(true);
    out[lang] = t(lang, e.key, e.params);
    expect(out[lang], `${lang}: ${e.key}`).not.toMatch(/\{\w+\}/);
  }
  return out[locale];
}

function accepted(r: FieldResult) {
  if (r.ok !== true) throw new Error(`expected a value, got ${JSON.stringify(r)}`);
  return { value: AddressValueSchema.parse(r.value), note: r.note };
}
function refused(r: FieldResult): FieldError {
  if (r.ok !== false) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.error;
}
function clarified(r: FieldResult) {
  if (r.ok !== 'clarify') throw new Error(`expected a question, got ${JSON.stringify(r)}`);
  return { question: r.question, candidates: r.candidates.map((c) => ({ label: c.label, value: AddressValueSchema.parse(c.value) })) };
}

describe('addressField', () => {
  it('takes a current ward and stores the whole address', () => {
    const { value, note } = accepted(parse('12 Nguyễn Trãi, phường Bến Thành'));
    expect(value).toEqual({
      street: '12 Nguyễn Trãi',
      wardCode: '26743',
      ward: 'Phường Bến Thành',
      province: 'Thành phố Hồ Chí Minh',
      provinceCode: '79',
      text: '12 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh',
    });
    expect(note).toBeUndefined();
    expect(addressField.display(value, step, 'vi')).toBe('12 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh');
  });

  it.each([
    ['tổ 3, ấp 2, xã Bình Chánh', 'tổ 3, ấp 2', '27637'],
    ['12 nguyen trai phuong ben thanh', '12 nguyen trai', '26743'],
    ['12 Nguyễn Trãi, phường Bến Thnah', '12 Nguyễn Trãi', '26743'],
    ['45 Bình Thới, P.14, Q.11, TP.HCM', '45 Bình Thới', '27211'], // Phường 14, Quận 11 → Phường Hòa Bình,
    ['12 Phố Huế, phường Ba Đình, Hà Nội', '12 Phố Huế', '00004'],
    ['nhà em ở 12 Nguyễn Trãi p11 Gò Vấp ạ', 'nhà em ở 12 Nguyễn Trãi', '26898'],
    ['  12   Nguyễn Trãi\n phường Bến Thành ', '12 Nguyễn Trãi', '26743'],
    ['hamlet 3, Bình Chánh commune, Ho Chi Minh City', 'hamlet 3', '27637'],
  ])('accepts %j', (input, street, wardCode) => {
    expect(accepted(parse(input)).value).toMatchObject({ street, wardCode });
  });

  it('maps an old address and says so', () => {
    const { value, note } = accepted(parse('12 Nguyễn Trãi, p11 Gò Vấp'));
    expect(value).toMatchObject({ wardCode: '26898', ward: 'Phường Thông Tây Hội', text: '12 Nguyễn Trãi, Phường Thông Tây Hội, TP. Hồ Chí Minh' });
    expect(note?.key).toBe('address.old_mapped');
    expect(render(note ?? { key: '' })).toBe('Phường 11, quận Gò Vấp cũ nay thuộc phường Thông Tây Hội, TP. Hồ Chí Minh.');
    expect(render(note ?? { key: '' }, 'en')).toBe('Phường 11, quận Gò Vấp (before July 2025) is now part of phường Thông Tây Hội, TP. Hồ Chí Minh.');
    const old = accepted(parse('số 5 hẻm 34 Lê Văn Sỹ, phường 14, quận 3'));
    expect(old.value).toMatchObject({ street: 'số 5 hẻm 34 Lê Văn Sỹ', wardCode: '27142' });
    expect(render(old.note ?? { key: '' })).toBe('Phường 14, quận 3 cũ nay thuộc phường Nhiêu Lộc, TP. Hồ Chí Minh.');
  });

  it('offers the wards an old district became', () => {
    const { question, candidates } = clarified(parse('12 Nguyễn Trãi, Bình Thạnh'));
    expect(render(question)).toBe(
      'Quận Bình Thạnh cũ nay gồm 5 phường/xã. Địa chỉ của bạn thuộc phường/xã nào? Nếu không có trong danh sách, vui lòng gõ lại địa chỉ kèm tên phường/xã mới, hoặc phường/xã cũ kèm quận/huyện cũ.',
    );
    expect(candidates.map((c) => c.label)).toEqual([
      'Phường Bình Thạnh, TP. Hồ Chí Minh',
      'Phường Gia Định, TP. Hồ Chí Minh',
      'Phường Bình Lợi Trung, TP. Hồ Chí Minh',
      'Phường Thạnh Mỹ Tây, TP. Hồ Chí Minh',
    ]);
    expect(candidates[1]?.value).toEqual({
      street: '12 Nguyễn Trãi',
      wardCode: '26944',
      ward: 'Phường Gia Định',
      province: 'Thành phố Hồ Chí Minh',
      provinceCode: '79',
      text: '12 Nguyễn Trãi, Phường Gia Định, TP. Hồ Chí Minh',
    });
    const q1 = clarified(parse('12 Nguyễn Trãi, Q1'));
    expect(render(q1.question)).toBe('Quận 1 cũ nay gồm 4 phường/xã. Địa chỉ của bạn thuộc phường/xã nào?');
  });

  it('asks which part of a split ward', () => {
    const { question, candidates } = clarified(parse('12 Nguyễn Trãi, phường 13, quận Gò Vấp'));
    expect(render(question)).toBe('Phường 13, quận Gò Vấp cũ nay được chia cho nhiều phường/xã. Địa chỉ của bạn thuộc phường/xã nào?');
    expect(candidates.map((c) => c.value.wardCode).sort()).toEqual(['26878', '26882']);
  });

  it('asks which district a numbered ward was in, showing it in the labels', () => {
    const { question, candidates } = clarified(parse('12 Nguyễn Trãi, phường 11'));
    expect(render(question)).toBe(
      'Có nhiều phường 11 cũ ở các quận/huyện khác nhau. Địa chỉ của bạn thuộc phường/xã nào? Nếu không có trong danh sách, vui lòng gõ lại kèm quận/huyện cũ, ví dụ: phường 11, quận 3.',
    );
    expect(candidates[0]?.label).toBe('Phường Nhiêu Lộc, TP. Hồ Chí Minh (phường 11, quận 3 cũ)');
    expect(candidates).toHaveLength(4);
    const inEnglish = clarified(parse('12 Nguyễn Trãi, phường 11', en));
    expect(inEnglish.candidates[0]?.label).toBe('Phường Nhiêu Lộc, TP. Hồ Chí Minh (formerly phường 11, quận 3)');
  });

  it('asks between names that differ only in tone marks', () => {
    const { question, candidates } = clarified(parse('ấp 3, xa thanh an'));
    expect(render(question)).toBe('Địa chỉ của bạn thuộc phường/xã nào dưới đây?');
    expect(candidates.map((c) => c.label).sort()).toEqual(['Xã Thanh An, TP. Hồ Chí Minh', 'Xã Thạnh An, TP. Hồ Chí Minh']);
  });

  it.each([
    ['p11 Gò Vấp', 'address.need_street'],
    ['phường Bến Thành', 'address.need_street'],
    ['12 Nguyễn Trãi', 'address.need_area'],
    ['12 Nguyễn Trãi, TP HCM', 'address.need_ward'],
    ['12 Nguyễn Trãi, phường Xyzabc', 'address.not_found'],
    ['   ', 'address.how_to'],
    ['12', 'address.how_to'],
  ])('refuses %j with %s', (input, key) => {
    const e = refused(parse(input));
    expect(e.key).toBe(key);
    render(e);
  });

  it('explains how to write an address, with examples', () => {
    expect(render(refused(parse('p11 Gò Vấp')))).toBe('Vui lòng ghi cả số nhà và tên đường (hoặc tổ, ấp), ví dụ: 12 Nguyễn Trãi, phường Bến Thành.');
    expect(render(refused(parse('12 Nguyễn Trãi, tphcm')))).toBe('Vui lòng ghi thêm phường/xã ở TP. Hồ Chí Minh, ví dụ: 12 Nguyễn Trãi, phường Bến Thành.');
    expect(render(refused(parse('12 Nguyễn Trãi, phường Xyzabc')))).toContain('Ví dụ: 12 Nguyễn Trãi, phường Bến Thành');
  });

  it('asks for text when something else arrives, and bounds the length', () => {
    expect(refused(settled(addressField.parse({ kind: 'location', lat: 10.77, lng: 106.7 }, step, ctx))).key).toBe('address.need_text');
    const long = refused(parse(`${'12 Nguyễn Trãi '.repeat(30)}, phường Bến Thành`));
    expect(long).toMatchObject({ key: 'address.too_long', params: { max: MAX_ADDRESS_LENGTH } });
    render(long);
  });

  it('hints with an example and displays values it does not recognise as they are', () => {
    expect(addressField.hint?.(step, 'vi')).toBe('Ví dụ: 12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh');
    expect(addressField.hint?.(step, 'en')).toBe('For example: 12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh');
    expect(addressField.display('12 Lê Lợi', step, 'vi')).toBe('12 Lê Lợi');
    expect(addressField.display({ text: '12 Lê Lợi, Bến Thành' }, step, 'vi')).toBe('12 Lê Lợi, Bến Thành');
  });

  it('can assume another province', () => {
    const hanoi = createAddressField({ province: 'Hà Nội' });
    const r = settled(hanoi.parse(text('số 1 Tràng Tiền, phường Hoàn Kiếm'), step, ctx));
    expect(accepted(r).value).toMatchObject({ provinceCode: '01', ward: 'Phường Hoàn Kiếm', text: 'số 1 Tràng Tiền, Phường Hoàn Kiếm, TP. Hà Nội' });
  });
});

describe('locales/*/address.yaml', () => {
  const keys = (lang: Locale): string[] => [...sharedCatalog()[lang].keys()].filter((k) => k.startsWith('address.')).sort();
  const holes = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

  it('has the same keys and placeholders in Vietnamese and English', () => {
    expect(keys('vi').length).toBeGreaterThan(10);
    expect(keys('en')).toEqual(keys('vi'));
    for (const k of keys('vi')) expect(holes(sharedCatalog().en.get(k) ?? ''), k).toEqual(holes(sharedCatalog().vi.get(k) ?? ''));
  });
});
