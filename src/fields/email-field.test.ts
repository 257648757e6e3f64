import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/locales.ts';
import { emailField, normaliseEmail, suggestDomain } from './email-field.ts';
import { errorKey, makeCtx, makeStep, rendered, text, valueOf } from './field-test-kit.ts';

const ctx = makeCtx();
const step = makeStep('email');

describe('emailField', () => {
  it.each([
    ['nguyenvanan@gmail.com', 'nguyenvanan@gmail.com'],
    ['  Nguyen.An@Gmail.COM  ', 'Nguyen.An@gmail.com'],
    ['mailto:an@yahoo.com.vn', 'an@yahoo.com.vn'],
    ['an@gmail.com.', 'an@gmail.com'],
    ['an+hoso@sub.domain.gov.vn', 'an+hoso@sub.domain.gov.vn'],
    ['an＠gmail.com', 'an@gmail.com'],
    ['an@ymail.com', 'an@ymail.com'],
    ['an@mail.com', 'an@mail.com'],
    ['an@xn--mt-dia.vn', 'an@xn--mt-dia.vn'],
  ])('accepts %j → %s', (input, expected) => {
    expect(valueOf(emailField.parse(text(input), step, ctx))).toBe(expected);
  });

  it.each([
    ['nguyenvanan.gmail.com', 'email.noAt'],
    ['nguyen van an@gmail.com', 'email.spaces'],
    ['@gmail.com', 'email.format'],
    ['an@', 'email.format'],
    ['an@gmail', 'email.format'],
    ['an@@gmail.com', 'email.format'],
    ['an..b@gmail.com', 'email.format'],
    ['.an@gmail.com', 'email.format'],
    ['an@-fpt.vn', 'email.format'],
    ['an@gmail.123', 'email.format'],
    ['nguyễn@gmail.com', 'email.format'],
    [`${'a'.repeat(65)}@gmail.com`, 'email.format'],
  ])('refuses %j with %s', (input, key) => {
    const r = emailField.parse(text(input), step, ctx);
    expect(errorKey(r)).toBe(key);
    rendered(r);
  });

  it.each([
    ['an@gmial.com', 'an@gmail.com'],
    ['an@gmail.con', 'an@gmail.com'],
    ['an@gmai.com', 'an@gmail.com'],
    ['an@yaho.com', 'an@yahoo.com'],
    ['an@hotmial.com', 'an@hotmail.com'],
  ])('asks whether %j meant %s', async (input, fixed) => {
    const r = await emailField.parse(text(input), step, ctx);
    if (r.ok !== 'clarify') throw new Error(`expected clarify, got ${JSON.stringify(r)}`);
    expect(r.question.key).toBe('email.typo');
    expect(r.candidates.map((c) => c.value)).toEqual([fixed, input]);
    expect(r.candidates[1]?.label).toBe(`Giữ nguyên ${input}`);
  });

  it.each([
    ['an@gmail.c', 'an@gmail.com'],
    ['an@gmail..com', 'an@gmail.com'],
    ['an@yahoo.com.v', 'an@yahoo.com.vn'],
  ])('offers only the fix when %j is not an address at all', async (input, fixed) => {
    const r = await emailField.parse(text(input), step, ctx);
    if (r.ok !== 'clarify') throw new Error(`expected clarify, got ${JSON.stringify(r)}`);
    expect(r.candidates).toEqual([{ label: fixed, value: fixed }]);
    expect(translator()('vi', `fields.${r.question.key}`, r.question.params)).toBe(`Có phải bạn muốn nhập ${fixed}? Vui lòng chọn địa chỉ đúng.`);
  });

  it('leaves unrelated domains alone', () => {
    expect(suggestDomain('fpt.com.vn')).toBeUndefined();
    expect(suggestDomain('hcmc.gov.vn')).toBeUndefined();
    expect(suggestDomain('gmail.com')).toBeUndefined();
    expect(normaliseEmail('a@b.co')).toBe('a@b.co');
  });

  it('asks for an address when something else arrives; displays as stored', () => {
    expect(errorKey(emailField.parse({ kind: 'contact', phone: '0901234567' }, step, ctx))).toBe('email.format');
    expect(emailField.display('an@gmail.com', step, 'vi')).toBe('an@gmail.com');
    expect(emailField.hint?.(step, 'vi')).toContain('@gmail.com');
  });
});
