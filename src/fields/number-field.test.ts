import { describe, expect, it } from 'vitest';
import { formatNumber, numberField, parseAmount, parseNumeral } from './number-field.ts';
import { errorKey, makeCtx, makeStep, rendered, text, valueOf } from './field-test-kit.ts';

const ctx = makeCtx();
const anyNumber = makeStep('number', { integer: false });

describe('parseAmount', () => {
  it.each([
    ['3', 3],
    ['3 người', 3],
    ['khoảng 3 người', 3],
    ['1.000.000', 1_000_000],
    ['1.000.000 đồng', 1_000_000],
    ['1,000,000', 1_000_000],
    ['1.000', 1000],
    ['1,5', 1.5],
    ['1.5', 1.5],
    ['0,125', 0.125],
    ['12,50', 12.5],
    ['1.234.567,89', 1_234_567.89],
    ['1,234,567.89', 1_234_567.89],
    ['500 triệu', 500_000_000],
    ['500 trieu', 500_000_000],
    ['500tr', 500_000_000],
    ['2 tỷ', 2_000_000_000],
    ['2 tỉ', 2_000_000_000],
    ['2 ty', 2_000_000_000],
    ['1,1 tỷ', 1_100_000_000],
    ['1.5 tỷ', 1_500_000_000],
    ['300 nghìn', 300_000],
    ['300 ngàn', 300_000],
    ['300k', 300_000],
    ['1tr5', 1_500_000],
    ['1tr25', 1_250_000],
    ['1tr050', 1_050_000],
    ['2 tỷ 3', 2_300_000_000],
    ['1 tỷ 200 triệu', 1_200_000_000],
    ['1 tỷ 200', 1_200_000_000],
    ['2 triệu 300 nghìn', 2_300_000],
    ['3 trăm nghìn', 300_000],
    ['1 triệu rưỡi', 1_500_000],
    ['2 rưỡi', 2.5],
    ['một triệu', 1_000_000],
    ['hai người', 2],
    ['năm trăm triệu', 500_000_000],
    ['five', 5],
    ['5 million', 5_000_000],
    ['vốn 500.000.000 VNĐ', 500_000_000],
    ['-5', -5],
    ['50m2', 50],
  ])('%j → %d', (input, expected) => {
    expect(parseAmount(input)).toBe(expected);
  });

  it.each([
    [''],
    ['nhiều'],
    ['3 hoặc 4'],
    ['3/4'],
    ['1.00.000'],
    ['1.000,000.5'],
    ['2 triệu 3 tỷ'],
    ['mười lăm'],
    ['hai mươi'],
    ['triệu'],
  ])('%j → undefined', (input) => {
    expect(parseAmount(input)).toBeUndefined();
  });

  it('keeps money exact (no binary rounding)', () => {
    expect(parseAmount('1,1 tỷ')).toBe(1_100_000_000);
    expect(parseAmount('0,3 triệu')).toBe(300_000);
    expect(parseNumeral('0,1')).toEqual({ m: 1n, e: -1 });
  });
});

describe('numberField', () => {
  const people = makeStep('number', { min: 1, max: 20 });
  const capital = makeStep('number', { min: 0, unit: { vi: 'đồng', en: 'VND' } });

  it('accepts within bounds', () => {
    expect(valueOf(numberField.parse(text('3 người'), people, ctx))).toBe(3);
    expect(valueOf(numberField.parse(text('1tr5'), capital, ctx))).toBe(1_500_000);
  });

  it.each([
    ['0', 'number.tooSmall'],
    ['21', 'number.tooLarge'],
    ['1,5', 'number.notInteger'],
    ['ba hay bốn', 'number.format'],
    ['không biết', 'number.format'],
    ['99999999999 tỷ', 'number.format'],
  ])('refuses %j with %s', (input, key) => {
    const r = numberField.parse(text(input), people, ctx);
    expect(errorKey(r)).toBe(key);
    rendered(r);
  });

  it('shows the bound with Vietnamese grouping', () => {
    const big = makeStep('number', { max: 5_000_000_000 });
    expect(rendered(numberField.parse(text('6 tỷ'), big, ctx))).toContain('5.000.000.000');
  });

  it('accepts decimals when the step allows them', () => {
    expect(valueOf(numberField.parse(text('1,5'), anyNumber, ctx))).toBe(1.5);
  });

  it('asks for a number when a photo arrives', () => {
    expect(errorKey(numberField.parse({ kind: 'location', lat: 1, lng: 2 }, people, ctx))).toBe('number.format');
  });

  it('displays with grouping and the unit', () => {
    expect(numberField.display(1_500_000, capital, 'vi')).toBe('1.500.000 đồng');
    expect(numberField.display(1_500_000, capital, 'en')).toBe('1,500,000 VND');
    expect(numberField.display(1.5, anyNumber, 'vi')).toBe('1,5');
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
  });

  it('hints the range when there is one', () => {
    expect(numberField.hint?.(people, 'vi')).toBe('Một số từ 1 đến 20.');
    expect(numberField.hint?.(capital, 'en')).toBe('A number of at least 0.');
    expect(numberField.hint?.(anyNumber, 'vi')).toBeUndefined();
  });
});
