import { describe, expect, it } from 'vitest';
import { nameField, normaliseName } from './name-field.ts';
import { errorKey, makeCtx, makeStep, rendered, text, valueOf } from './field-test-kit.ts';

const ctx = makeCtx();
const step = makeStep('name');

describe('nameField', () => {
  it.each([
    ['nguyễn  văn AN', 'Nguyễn Văn An'],
    ['  TRẦN THỊ ĐÀO  ', 'Trần Thị Đào'],
    ['đặng   ngọc ánh', 'Đặng Ngọc Ánh'],
    ['lê   thị\tmỹ   duyên', 'Lê Thị Mỹ Duyên'],
    // Tones typed as combining marks (some Windows keyboards) come out composed.
    ['nguye\u0302\u0303n va\u0306n an', 'Nguyễn Văn An'],
    ["h'hen niê", "H'Hen Niê"],
    ['h’hen niê', "H'Hen Niê"],
    ['jean-pierre DUPONT', 'Jean-Pierre Dupont'],
    ['nguyễn - trần  an', 'Nguyễn-Trần An'],
    ['ÔNG ÍCH KHIÊM', 'Ông Ích Khiêm'],
  ])('accepts %j → %j', (input, expected) => {
    expect(valueOf(nameField.parse(text(input), step, ctx))).toBe(expected);
  });

  it.each([
    ['An', 'name.oneWord'],
    ['   Nguyễn   ', 'name.oneWord'],
    ['Nguyễn Văn 2', 'name.digits'],
    ['Nguyen Van An 1990', 'name.digits'],
    ['Nguyễn Văn An!', 'name.chars'],
    ['Nguyễn_Văn', 'name.chars'],
    ['王 小明', 'name.chars'],
    ['Nguyễn @n', 'name.chars'],
    ['', 'name.oneWord'],
    ["Nguyễn ' An", 'name.chars'],
    [`Nguyễn ${'a'.repeat(100)}`, 'name.tooLong'],
  ])('refuses %j with %s', (input, key) => {
    const r = nameField.parse(text(input), step, ctx);
    expect(errorKey(r)).toBe(key);
    rendered(r);
  });

  it('explains digits with an example', () => {
    const msg = rendered(nameField.parse(text('Nguyễn Văn 2'), step, ctx));
    expect(msg).toContain('chữ số');
    expect(msg).toContain('Nguyễn Văn An');
  });

  it('names the characters it cannot use', () => {
    expect(rendered(nameField.parse(text('An#Bình $'), step, ctx))).toContain('# $');
  });

  it('asks for a name when a photo arrives', () => {
    expect(errorKey(nameField.parse({ kind: 'choice', value: 'x' }, step, ctx))).toBe('name.expected');
  });

  it('normalises without validating, and displays as stored', () => {
    expect(normaliseName('  võ   THỊ  sáu ')).toBe('Võ Thị Sáu');
    expect(nameField.display('Võ Thị Sáu', step, 'en')).toBe('Võ Thị Sáu');
    expect(nameField.hint?.(step, 'vi')).toContain('Nguyễn Văn An');
  });
});
