import { describe, expect, it } from 'vitest';
import { cccdField, decodeCccd, maskCccd } from './cccd-field.ts';
import { CCCD_PROVINCES, isCccdProvince } from './cccd-provinces.ts';
import { errorKey, makeCtx, makeStep, rendered, text, valueOf } from './field-test-kit.ts';

const plain = makeStep('cccd');
const checked = makeStep('cccd', { dobField: 'dob', sexField: 'sex' });
const custom = makeStep('cccd', { dobField: 'dob', sexField: 'sex', sexValues: { male: 'nam', female: 'nu' } });

// 079 = Hồ Chí Minh; digit 4: 0 male 1900s, 1 female 1900s, 2 male 2000s, 3 female 2000s.
const MAN_1990 = '079090001234';
const WOMAN_1990 = '079190001234';
const BOY_2005 = '001205012345';
const GIRL_2005 = '001305012345';

describe('cccdField', () => {
  const ctx = makeCtx();

  it.each([
    [MAN_1990, MAN_1990],
    ['079 090 001 234', MAN_1990],
    ['079.090.001.234', MAN_1990],
    ['0790-9000-1234', MAN_1990],
    [' 079090001234 ', MAN_1990],
    ['０７９０９０００１２３４', MAN_1990],
    ['096305012345', '096305012345'],
  ])('accepts %j → %s', (input, expected) => {
    expect(valueOf(cccdField.parse(text(input), plain, ctx))).toBe(expected);
  });

  it('says how many digits were typed', () => {
    const r = cccdField.parse(text('07909000123'), plain, ctx);
    expect(errorKey(r)).toBe('cccd.length');
    expect(rendered(r)).toBe('Số CCCD gồm 12 chữ số; bạn vừa nhập 11 chữ số. Vui lòng kiểm tra lại, ví dụ: 079090001234.');
    expect(rendered(cccdField.parse(text('0790900012345'), plain, ctx), 'en')).toContain('you typed 13 digits');
  });

  it('explains that the 9-digit CMND is no longer used and where the 12-digit number is', () => {
    const r = cccdField.parse(text('025 123 456'), plain, ctx);
    expect(errorKey(r)).toBe('cccd.oldCmnd');
    const msg = rendered(r);
    expect(msg).toContain('2025');
    expect(msg).toContain('VNeID');
    expect(msg).toContain('thẻ CCCD');
  });

  it.each([
    ['079O90001234', 'cccd.format'],
    ['CCCD số', 'cccd.format'],
    ['003090001234', 'cccd.province'],
    ['100090001234', 'cccd.province'],
    ['097090001234', 'cccd.province'],
    ['079240001234', 'cccd.futureYear'],
    ['079490001234', 'cccd.futureYear'],
    ['12345', 'cccd.length'],
  ])('refuses %j with %s', (input, key) => {
    const r = cccdField.parse(text(input), plain, ctx);
    expect(errorKey(r)).toBe(key);
    rendered(r);
  });

  it('names the unknown province code', () => {
    expect(rendered(cccdField.parse(text('003090001234'), plain, ctx))).toContain('(003)');
  });

  describe('against the answered date of birth and sex', () => {
    const answers = (dob: string | undefined, sex: string | undefined): ReturnType<typeof makeCtx> =>
      makeCtx({ answers: { dob, sex } });

    it.each([
      [MAN_1990, '1990-03-05', 'male'],
      [WOMAN_1990, '1990-12-31', 'female'],
      [BOY_2005, '2005-01-01', 'male'],
      [GIRL_2005, '2005-07-07', 'female'],
      [MAN_1990, undefined, undefined],
      [MAN_1990, '1990-03-05', 'other'],
    ])('accepts %s with dob %s and sex %s', (id, dob, sex) => {
      expect(valueOf(cccdField.parse(text(id), checked, answers(dob, sex)))).toBe(id);
    });

    it.each([
      [MAN_1990, '1991-03-05', 'male', 'cccd.yearMismatch'],
      // Right last two digits, wrong century digit: a 2090 birth year is in the future...
      ['079290001234', '1990-03-05', 'male', 'cccd.futureYear'],
      // ...and a 1905 birth year for someone born in 2005 is a mismatch.
      ['001005012345', '2005-01-01', 'male', 'cccd.yearMismatch'],
      [MAN_1990, '1990-03-05', 'female', 'cccd.sexMismatchMale'],
      [WOMAN_1990, '1990-03-05', 'male', 'cccd.sexMismatchFemale'],
      [GIRL_2005, undefined, 'male', 'cccd.sexMismatchFemale'],
    ])('refuses %s with dob %s and sex %s: %s', (id, dob, sex, key) => {
      const r = cccdField.parse(text(id), checked, answers(dob, sex));
      expect(errorKey(r)).toBe(key);
      rendered(r);
    });

    it('says both years when they differ', () => {
      const msg = rendered(cccdField.parse(text(MAN_1990), checked, answers('1991-03-05', undefined)));
      expect(msg).toContain('1990');
      expect(msg).toContain('1991');
    });

    it('maps the sex answer through the step’s sexValues', () => {
      expect(valueOf(cccdField.parse(text(WOMAN_1990), custom, answers('1990-01-01', 'nu')))).toBe(WOMAN_1990);
      expect(errorKey(cccdField.parse(text(WOMAN_1990), custom, answers('1990-01-01', 'nam')))).toBe('cccd.sexMismatchFemale');
      // 'female' is not one of this step's values, so it says nothing about the sex.
      expect(valueOf(cccdField.parse(text(MAN_1990), custom, answers('1990-01-01', 'female')))).toBe(MAN_1990);
    });

    it('ignores the answers when the step names no fields', () => {
      expect(valueOf(cccdField.parse(text(MAN_1990), plain, answers('2001-01-01', 'female')))).toBe(MAN_1990);
    });
  });

  it('displays in full, masks for logs', () => {
    expect(cccdField.display(MAN_1990, plain, 'vi')).toBe(MAN_1990);
    expect(maskCccd(MAN_1990)).toBe('079••••••234');
    expect(maskCccd('079 090 001 234')).toBe('079••••••234');
    expect(maskCccd('12345')).toBe('•••••');
    expect(maskCccd(MAN_1990)).not.toMatch(/090/);
    expect(cccdField.hint?.(plain, 'vi')).toContain('VNeID');
  });
});

describe('decodeCccd and the province list', () => {
  it('decodes century, sex and year', () => {
    expect(decodeCccd(MAN_1990)).toEqual({ province: '079', birthYear: 1990, sex: 'male' });
    expect(decodeCccd(GIRL_2005)).toEqual({ province: '001', birthYear: 2005, sex: 'female' });
    expect(decodeCccd('079500001234')).toEqual({ province: '079', birthYear: 2100, sex: 'female' });
  });

  it('has the 63 codes of domain.md', () => {
    const domain =
      '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096';
    expect([...CCCD_PROVINCES.keys()].join(' ')).toBe(domain);
    expect(CCCD_PROVINCES.size).toBe(63);
    expect(isCccdProvince('079')).toBe(true);
    expect(isCccdProvince('003')).toBe(false);
  });
});
