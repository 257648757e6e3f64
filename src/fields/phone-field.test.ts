import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPhone, maskPhone, parsePhone, phoneField } from './phone-field.ts';
import { errorKey, makeCtx, makeStep, rendered, text, valueOf } from './field-test-kit.ts';

const ctx = makeCtx();
const step = makeStep('phone');

describe('parsePhone', () => {
  it.each([
    ['0901234567', '+84901234567'],
    ['0901 234 567', '+84901234567'],
    ['090.123.4567', '+84901234567'],
    ['090-123-4567', '+84901234567'],
    ['+84901234567', '+84901234567'],
    ['+84 90 123 4567', '+84901234567'],
    ['(+84) 90 123 4567', '+84901234567'],
    ['+84 (0) 90 123 4567', '+84901234567'],
    ['+840901234567', '+84901234567'],
    ['84901234567', '+84901234567'],
    ['0084 901 234 567', '+84901234567'],
    ['901234567', '+84901234567'],
    ['sđt: 0901 234 567 ạ', '+84901234567'],
    ['０９０１２３４５６７', '+84901234567'],
    ['0321234567', '+84321234567'],
    ['0551234567', '+84551234567'],
    ['0761234567', '+84761234567'],
    ['0841234567', '+84841234567'],
    ['841234567', '+84841234567'],
    ['028 3823 4567', '+842838234567'],
    ['(028) 3823 4567', '+842838234567'],
    ['+84 28 3823 4567', '+842838234567'],
    ['842838234567', '+842838234567'],
    ['024.3826.1234', '+842438261234'],
  ])('%j → %s', (input, e164) => {
    expect(parsePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each([
    ['090123456', 'phone.length'],
    ['09012345678', 'phone.length'],
    ['028 3823 456', 'phone.length'],
    ['+84 90 123 456', 'phone.length'],
    ['0', 'phone.length'],
    ['01621234567', 'phone.oldMobile'],
    ['0412345678', 'phone.prefix'],
    ['0612345678', 'phone.prefix'],
    ['0112345678', 'phone.prefix'],
    ['+1 415 555 0100', 'phone.foreign'],
    ['+856 20 1234 5678', 'phone.foreign'],
    ['0065 6123 4567', 'phone.foreign'],
    ['không có', 'phone.format'],
    ['0901234567 hoặc 0912345678', 'phone.format'],
    ['09O1234567', 'phone.format'],
    ['0901+234567', 'phone.format'],
  ])('%j → %s', (input, key) => {
    const r = parsePhone(input);
    expect(r.ok ? 'ok' : r.error.key).toBe(key);
  });
});

describe('phoneField', () => {
  it('stores E.164 and displays the national grouping', () => {
    expect(valueOf(phoneField.parse(text('090.123.4567'), step, ctx))).toBe('+84901234567');
    expect(phoneField.display('+84901234567', step, 'vi')).toBe('0901 234 567');
    expect(phoneField.display('+842838234567', step, 'vi')).toBe('028 3823 4567');
    expect(formatPhone('+1415555')).toBe('+1415555');
  });

  it('accepts a shared contact', () => {
    expect(valueOf(phoneField.parse({ kind: 'contact', phone: '84901234567' }, step, ctx))).toBe('+84901234567');
    expect(valueOf(phoneField.parse({ kind: 'contact', phone: '+84 90 123 4567' }, step, ctx))).toBe('+84901234567');
    expect(errorKey(phoneField.parse({ kind: 'contact', phone: '+14155550100' }, step, ctx))).toBe('phone.foreign');
  });

  it('says how many digits were typed, with an example', () => {
    const msg = rendered(phoneField.parse(text('090123456'), step, ctx));
    expect(msg).toContain('bạn vừa nhập 9 chữ số');
    expect(msg).toContain('0901 234 567');
  });

  it('names a wrong prefix', () => {
    const r = phoneField.parse(text('0612345678'), step, ctx);
    expect(rendered(r)).toContain('Đầu số 06');
    expect(rendered(r, 'en')).toContain('03, 05, 07, 08 or 09');
  });

  it('renders every error and asks for a number for other events', () => {
    for (const input of ['090123456', '01621234567', '0412345678', '+1 415 555 0100', 'abc']) rendered(phoneField.parse(text(input), step, ctx));
    expect(errorKey(phoneField.parse({ kind: 'location', lat: 1, lng: 1 }, step, ctx))).toBe('phone.format');
  });

  it('masks for logs', () => {
    expect(maskPhone('+84901234567')).toBe('+8490•••••67');
    expect(phoneField.hint?.(step, 'en')).toBe('For example: 0901 234 567');
  });
});

describe('property: any spelling of a valid number normalises to the same E.164', () => {
  const mobile = fc
    .tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }))
    .map(([p, rest]) => p + rest.join(''));
  const landline = fc
    .tuple(fc.integer({ min: 0, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }))
    .map(([area, rest]) => `2${area}${rest.join('')}`);
  const separator = fc.constantFrom('', ' ', '.', '-', ' - ', '  ');
  const prefix = fc.constantFrom('0', '+84', '+84 ', '84', '(+84) ', '+84 (0)', '0084 ', '+84-0');

  /** Splits digits into groups of 2–4 joined by one separator, as people write numbers. */
  const spell = (digits: string, sizes: number[], sep: string): string => {
    const parts: string[] = [];
    let i = 0;
    for (const n of sizes) {
      if (i >= digits.length) break;
      parts.push(digits.slice(i, i + n));
      i += n;
    }
    if (i < digits.length) parts.push(digits.slice(i));
    return parts.join(sep);
  };

  it('mobiles and landlines', () => {
    fc.assert(
      fc.property(
        fc.oneof(mobile, landline),
        prefix,
        separator,
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (nsn, pre, sep, sizes, asContact) => {
          const spelled = pre + spell(nsn, sizes, sep);
          const r = phoneField.parse(asContact ? { kind: 'contact', phone: spelled } : text(spelled), step, ctx);
          expect(r, spelled).toEqual({ ok: true, value: `+84${nsn}` });
          expect(phoneField.display(`+84${nsn}`, step, 'vi').replace(/ /g, '')).toBe(`0${nsn}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
