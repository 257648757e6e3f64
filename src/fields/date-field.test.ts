import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateField, daysInMonth, formatIsoDate, parseDateText, resolveDateBound, shiftIsoDate, vnToday } from './date-field.ts';
import { errorKey, makeCtx, makeStep, NOW, rendered, text, valueOf } from './field-test-kit.ts';

const ctx = makeCtx();
const free = makeStep('date');
const dob = makeStep('date', { max: 'today', min: '-120y' });

describe('parseDateText', () => {
  it.each([
    ['5/3/1990', '1990-03-05'],
    ['05/03/1990', '1990-03-05'],
    ['05-03-90', '1990-03-05'],
    ['5.3.1990', '1990-03-05'],
    ['5 / 3 / 1990', '1990-03-05'],
    ['5 3 1990', '1990-03-05'],
    ['05031990', '1990-03-05'],
    ['1990-03-05', '1990-03-05'],
    ['1990/3/5', '1990-03-05'],
    ['5 tháng 3 năm 1990', '1990-03-05'],
    ['ngày 5 tháng 3 năm 1990', '1990-03-05'],
    ['Ngày 05 tháng 03 năm 1990', '1990-03-05'],
    ['5 thang 3 nam 1990', '1990-03-05'],
    ['ngay 5 thang 3 nam 1990', '1990-03-05'],
    ['sinh ngày 5/3/1990', '1990-03-05'],
    ['mùng 5 tháng 3 năm 1990', '1990-03-05'],
    ['5 thg 3 1990', '1990-03-05'],
    ['5 tháng ba năm 1990', '1990-03-05'],
    ['1 tháng giêng 2000', '2000-01-01'],
    ['20 tháng chạp 1999', '1999-12-20'],
    ['5 March 1990', '1990-03-05'],
    ['5th of March, 1990', '1990-03-05'],
    ['5 mar 1990', '1990-03-05'],
    ['March 5, 1990', '1990-03-05'],
    ['29/02/2000', '2000-02-29'],
    ['29/2/2024', '2024-02-29'],
    ['31/12/1999', '1999-12-31'],
  ])('%j → %s', (input, iso) => {
    expect(parseDateText(input, NOW)).toEqual({ ok: true, iso });
  });

  it('reads day first, never month first', () => {
    expect(parseDateText('03/05/1990', NOW)).toEqual({ ok: true, iso: '1990-05-03' });
  });

  it('resolves two-digit years to the latest year not in the future (today 2026-11-28)', () => {
    expect(parseDateText('1/1/26', NOW)).toEqual({ ok: true, iso: '2026-01-01' });
    expect(parseDateText('1/1/27', NOW)).toEqual({ ok: true, iso: '1927-01-01' });
    expect(parseDateText('1/1/05', NOW)).toEqual({ ok: true, iso: '2005-01-01' });
    expect(parseDateText('1/1/00', NOW)).toEqual({ ok: true, iso: '2000-01-01' });
    expect(parseDateText('1/1/99', NOW)).toEqual({ ok: true, iso: '1999-01-01' });
  });

  it.each([
    ['31/02/1990', 'date.impossible'],
    ['30/2/2024', 'date.impossible'],
    ['31/4/2020', 'date.impossible'],
    ['29/02/2023', 'date.notLeap'],
    ['29/02/1900', 'date.notLeap'],
    ['5/13/1990', 'date.badMonth'],
    ['5/0/1990', 'date.badMonth'],
    ['32/1/1990', 'date.badDay'],
    ['0/1/1990', 'date.badDay'],
    ['tháng 3 năm 1990', 'date.incomplete'],
    ['03/1990', 'date.incomplete'],
    ['1990', 'date.incomplete'],
    ['March 1990', 'date.incomplete'],
    ['hôm bữa', 'date.format'],
    ['5/3/199', 'date.format'],
    ['5 Smarch 1990', 'date.format'],
    ['', 'date.format'],
  ])('%j → %s', (input, key) => {
    const r = parseDateText(input, NOW);
    expect(r.ok ? 'ok' : r.error.key).toBe(key);
  });

  it('names the problem in an impossible date', () => {
    const r = dateField.parse(text('31/02/1990'), free, ctx);
    expect(rendered(r)).toBe('Tháng 2 năm 1990 chỉ có 28 ngày, không có ngày 31. Vui lòng kiểm tra lại, ví dụ: 05/03/1990.');
    expect(rendered(dateField.parse(text('29/02/2023'), free, ctx))).toContain('Năm 2023 không phải năm nhuận');
    expect(rendered(dateField.parse(text('29/02/2023'), free, ctx), 'en')).toContain('2023 is not a leap year');
  });
});

describe('vnToday and bounds', () => {
  it('uses the calendar date in Vietnam (UTC+7)', () => {
    expect(vnToday(new Date('2026-03-01T16:59:59Z'))).toBe('2026-03-01');
    expect(vnToday(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(vnToday(new Date('2025-12-31T18:00:00Z'))).toBe('2026-01-01');
  });

  it('resolves today, offsets and ISO bounds', () => {
    expect(resolveDateBound('today', NOW)).toBe('2026-11-28');
    expect(resolveDateBound('-60d', NOW)).toBe('2026-09-29');
    expect(resolveDateBound('+1y', NOW)).toBe('2027-11-28');
    expect(resolveDateBound('-120y', NOW)).toBe('1906-11-28');
    expect(resolveDateBound('-1m', NOW)).toBe('2026-10-28');
    expect(resolveDateBound('2025-07-01', NOW)).toBe('2025-07-01');
  });

  it('clamps month and year shifts to the end of the month', () => {
    expect(shiftIsoDate('2024-02-29', -1, 'y')).toBe('2023-02-28');
    expect(shiftIsoDate('2026-01-31', 1, 'm')).toBe('2026-02-28');
    expect(shiftIsoDate('2026-01-01', -1, 'd')).toBe('2025-12-31');
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });
});

describe('dateField', () => {
  it('stores ISO and displays day first', () => {
    expect(valueOf(dateField.parse(text('5/3/1990'), dob, ctx))).toBe('1990-03-05');
    expect(dateField.display('1990-03-05', dob, 'vi')).toBe('05/03/1990');
    expect(dateField.display('1990-03-05', dob, 'en')).toBe('05/03/1990');
    expect(formatIsoDate('2026-11-28')).toBe('28/11/2026');
  });

  it('accepts today with max "today", in Vietnam time', () => {
    expect(valueOf(dateField.parse(text('28/11/2026'), dob, ctx))).toBe('2026-11-28');
    // 23:30 UTC on the 28th is already the 29th in Hà Nội.
    const late = makeCtx({ now: new Date('2026-11-28T23:30:00Z') });
    expect(valueOf(dateField.parse(text('29/11/2026'), dob, late))).toBe('2026-11-29');
  });

  it('refuses a future date of birth, saying what today is', () => {
    const r = dateField.parse(text('29/11/2026'), dob, ctx);
    expect(errorKey(r)).toBe('date.future');
    expect(rendered(r)).toContain('hôm nay là 28/11/2026');
  });

  it('refuses dates before min and after a relative max', () => {
    const r = dateField.parse(text('1/1/1900'), dob, ctx);
    expect(errorKey(r)).toBe('date.tooEarly');
    expect(rendered(r)).toContain('28/11/1906');
    const death = makeStep('date', { min: '-60d', max: '+0d' });
    expect(errorKey(dateField.parse(text('28/09/2026'), death, ctx))).toBe('date.tooEarly');
    expect(valueOf(dateField.parse(text('29/09/2026'), death, ctx))).toBe('2026-09-29');
    const appointment = makeStep('date', { max: '+1y' });
    expect(errorKey(dateField.parse(text('29/11/2027'), appointment, ctx))).toBe('date.tooLate');
    expect(rendered(dateField.parse(text('29/11/2027'), appointment, ctx))).toContain('28/11/2027');
  });

  it('asks for a date when something else arrives', () => {
    expect(errorKey(dateField.parse({ kind: 'choice', value: 'x' }, dob, ctx))).toBe('date.format');
  });

  it('renders every error it returns', () => {
    for (const input of ['31/02/1990', '29/02/2023', '5/13/1990', '32/1/1990', '03/1990', 'abc', '29/11/2026', '1/1/1800']) {
      rendered(dateField.parse(text(input), dob, ctx));
    }
    expect(dateField.hint?.(dob, 'vi')).toBe('Ví dụ: 05/03/1990 (ngày/tháng/năm)');
  });
});

describe('property: every accepted spelling of a valid date reads back the same', () => {
  const EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  const validDate = fc
    .record({ y: fc.integer({ min: 1900, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
    .filter(({ y, m, d }) => d <= daysInMonth(y, m));

  it('four-digit years', () => {
    fc.assert(
      fc.property(validDate, ({ y, m, d }) => {
        const iso = `${y}-${pad(m)}-${pad(d)}`;
        const spellings = [
          `${d}/${m}/${y}`,
          `${pad(d)}/${pad(m)}/${y}`,
          `${pad(d)}-${pad(m)}-${y}`,
          `${d}.${m}.${y}`,
          `${pad(d)}${pad(m)}${y}`,
          iso,
          `${d} tháng ${m} năm ${y}`,
          `ngày ${d} tháng ${m} năm ${y}`,
          `Ngày ${pad(d)} tháng ${pad(m)} năm ${y}`,
          `${d} thang ${m} nam ${y}`,
          `${d} ${EN[m - 1]} ${y}`,
          `${EN[m - 1]} ${d}, ${y}`,
        ];
        for (const s of spellings) expect(parseDateText(s, NOW), s).toEqual({ ok: true, iso });
      }),
    );
  });

  it('two-digit years within the last hundred years', () => {
    const recent = validDate.filter(({ y }) => y > 1926 && y <= 2026);
    fc.assert(
      fc.property(recent, ({ y, m, d }) => {
        const iso = `${y}-${pad(m)}-${pad(d)}`;
        const yy = pad(y % 100);
        for (const s of [`${pad(d)}-${pad(m)}-${yy}`, `${d}/${m}/${yy}`, `${d}.${m}.${yy}`, `${d} tháng ${m} năm ${yy}`]) {
          expect(parseDateText(s, NOW), s).toEqual({ ok: true, iso });
        }
      }),
    );
  });
});

describe('relative dates', () => {
  it.each([
    ['hôm nay', 0],
    ['hôm qua', -1],
    ['Hôm kia', -2],
    ['yesterday', -1],
    ['ngày mai', 1],
  ])('%s is %i day(s) from today in Vietnam', (input, days) => {
    const r = parseDateText(input, NOW);
    expect(r.ok && r.iso).toBe(shiftIsoDate(vnToday(NOW), days, 'd'));
  });
});
