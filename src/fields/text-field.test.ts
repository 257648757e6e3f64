import { describe, expect, it } from 'vitest';
import { textField } from './text-field.ts';
import { errorKey, makeCtx, makeStep, rendered, text, valueOf } from './field-test-kit.ts';

const ctx = makeCtx();
const step = makeStep('text', { minLength: 3, maxLength: 20 });

describe('textField', () => {
  it.each([
    ['  Lấn chiếm vỉa hè  ', 'Lấn chiếm vỉa hè'],
    ['a\t\tb   c', 'a b c'],
    ['dòng 1  \n\n\n\n  dòng 2', 'dòng 1\n\ndòng 2'],
    ['abc', 'abc'],
    ['🙂🙂🙂', '🙂🙂🙂'],
  ])('accepts %j → %j', (input, expected) => {
    expect(valueOf(textField.parse(text(input), step, ctx))).toBe(expected);
  });

  it.each([
    ['ab', 'text.tooShort'],
    ['   a   ', 'text.tooShort'],
    ['x'.repeat(21), 'text.tooLong'],
  ])('refuses %j with %s', (input, key) => {
    const r = textField.parse(text(input), step, ctx);
    expect(errorKey(r)).toBe(key);
    rendered(r);
  });

  it('counts characters as the citizen sees them, and says how many were typed', () => {
    const r = textField.parse(text('ắ'.repeat(21)), step, ctx);
    expect(rendered(r)).toContain('21 ký tự');
    expect(rendered(r, 'en')).toContain('limit is 20');
  });

  it('asks for text when something else arrives', () => {
    expect(errorKey(textField.parse({ kind: 'location', lat: 10, lng: 106 }, step, ctx))).toBe('text.expected');
  });

  it('uses the schema defaults (2..500)', () => {
    const d = makeStep('text');
    expect(errorKey(textField.parse(text('a'), d, ctx))).toBe('text.tooShort');
    expect(valueOf(textField.parse(text('ab'), d, ctx))).toBe('ab');
    expect(errorKey(textField.parse(text('a'.repeat(501)), d, ctx))).toBe('text.tooLong');
  });

  it('hints only short limits', () => {
    expect(textField.hint?.(step, 'vi')).toBe('Tối đa 20 ký tự.');
    expect(textField.hint?.(makeStep('text'), 'vi')).toBeUndefined();
    expect(textField.display('Nội dung', step, 'vi')).toBe('Nội dung');
  });
});
