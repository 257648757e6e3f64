import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectLocale } from '../../src/channels/zalo/detect-locale.ts';
import { renderOutbound, replyInstruction } from '../../src/channels/zalo/render-outbound.ts';
import { splitStyled } from '../../src/channels/zalo/split-text.ts';
import { t } from '../../src/i18n/locales.ts';

const vi = { locale: 'vi' as const, t, maxText: 2000 };
const en = { locale: 'en' as const, t, maxText: 2000 };

describe('renderOutbound', () => {
  it('renders choices as a numbered list with the instruction, question in bold', () => {
    const parts = renderOutbound(
      {
        text: 'Cảm ơn bạn.\n\nGiới tính của bé là gì?',
        choices: [
          { label: 'Nam', value: 'sex:nam' },
          { label: 'Nữ', value: 'sex:nu' },
          { label: 'Chưa xác định', value: 'sex:khac' },
        ],
      },
      vi,
    );
    expect(parts).toEqual([
      {
        kind: 'text',
        text: 'Cảm ơn bạn.\n\nGiới tính của bé là gì?\n\n1. Nam\n2. Nữ\n3. Chưa xác định\n\nTrả lời 1, 2 hoặc 3',
        bold: [{ start: 13, len: 'Giới tính của bé là gì?'.length }],
      },
    ]);
    const p = parts[0];
    if (p?.kind === 'text') expect(p.text.substr(p.bold[0]?.start ?? 0, p.bold[0]?.len)).toBe('Giới tính của bé là gì?');
  });

  it('words the instruction for 1, 2, 3 and many choices in both languages', () => {
    expect(replyInstruction(1, vi)).toBe('Trả lời 1');
    expect(replyInstruction(2, vi)).toBe('Trả lời 1 hoặc 2');
    expect(replyInstruction(3, vi)).toBe('Trả lời 1, 2 hoặc 3');
    expect(replyInstruction(3, en)).toBe('Reply 1, 2 or 3');
    expect(replyInstruction(7, vi)).toBe('Trả lời bằng một số từ 1 đến 7');
    expect(replyInstruction(7, en)).toBe('Reply with a number from 1 to 7');
  });

  it('sends plain text as is, without bold', () => {
    expect(renderOutbound({ text: 'Hồ sơ HS-7K2M-9QXD đã được tiếp nhận.' }, vi)).toEqual([{ kind: 'text', text: 'Hồ sơ HS-7K2M-9QXD đã được tiếp nhận.', bold: [] }]);
  });

  it('puts an image first, with a short text as its caption', () => {
    const image = { data: new Uint8Array([1]), mime: 'image/png' };
    expect(renderOutbound({ text: 'Mã QR thanh toán', image }, vi)).toEqual([{ kind: 'image', image, caption: 'Mã QR thanh toán' }]);
    const withChoices = renderOutbound({ text: 'Đã thanh toán chưa?', image, choices: [{ label: 'Rồi', value: 'y' }] }, vi);
    expect(withChoices.map((p) => p.kind)).toEqual(['image', 'text']);
    expect(withChoices[0]).toEqual({ kind: 'image', image });
  });

  it('splits long text at line boundaries within the limit', () => {
    const lines = Array.from({ length: 120 }, (_, i) => `Dòng ${i + 1}: giấy tờ cần mang theo khi đến Bộ phận Một cửa.`);
    const parts = renderOutbound({ text: lines.join('\n') }, vi);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.kind).toBe('text');
      if (p.kind !== 'text') continue;
      expect(p.text.length).toBeLessThanOrEqual(2000);
      expect(p.text.startsWith('Dòng ')).toBe(true);
      expect(p.text.endsWith('Một cửa.')).toBe(true);
    }
    expect(parts.flatMap((p) => (p.kind === 'text' ? p.text.split('\n') : []))).toEqual(lines);
  });

  it('adds a hint where Telegram would show a location or contact button', () => {
    const [p] = renderOutbound({ text: 'Vị trí vi phạm ở đâu?', requestLocation: true }, vi);
    expect(p?.kind === 'text' && p.text).toMatch(/Vị trí vi phạm ở đâu\?\n\nBạn có thể gửi vị trí/);
  });
});

describe('splitStyled (properties)', () => {
  const textArb = fc.array(fc.oneof(fc.constantFrom('\n', '\n\n', ' ', 'ấ', '😀'), fc.string({ minLength: 1, maxLength: 30 })), { maxLength: 80 }).map((a) => a.join(''));

  it('pieces fit, keep every non-space character in order, and keep bold on the same characters', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 5, max: 120 }), fc.nat(), fc.nat(), (text, max, a, b) => {
        const start = text.length === 0 ? 0 : a % text.length;
        const len = text.length === 0 ? 0 : Math.min(b % 40, text.length - start);
        const bold = len > 0 ? [{ start, len }] : [];
        const pieces = splitStyled({ text, bold }, max);
        for (const p of pieces) {
          expect(p.text.length).toBeLessThanOrEqual(max);
          expect(p.text.length).toBeGreaterThan(0);
        }
        expect(pieces.map((p) => p.text).join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        const boldChars = (src: string, ranges: { start: number; len: number }[]): string =>
          ranges.map((r) => src.slice(r.start, r.start + r.len)).join('').replace(/\s/g, '');
        expect(pieces.map((p) => boldChars(p.text, p.bold)).join('')).toBe(boldChars(text, bold));
      }),
      { numRuns: 400 },
    );
  });

  it('never splits a surrogate pair', () => {
    const pieces = splitStyled({ text: '😀'.repeat(50), bold: [] }, 7);
    for (const p of pieces) expect(p.text).toMatch(/^(?:😀)+$/u);
  });
});

describe('detectLocale', () => {
  it('recognises Vietnamese by its letters and English by its small words', () => {
    expect(detectLocale('Bạn muốn làm thủ tục gì?', 'en')).toBe('vi');
    expect(detectLocale('Which procedure do you need?', 'vi')).toBe('en');
    expect(detectLocale('HS-7K2M-9QXD', 'vi')).toBe('vi');
    expect(detectLocale('HS-7K2M-9QXD', 'en')).toBe('en');
  });
});
