import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from './split-text.ts';

const strip = (s: string): string => s.replace(/\s+/g, '');

describe('splitText', () => {
  it('keeps short text whole and drops blank text', () => {
    expect(splitText('  Xin chào  ', 4096)).toEqual(['Xin chào']);
    expect(splitText(' \n ', 4096)).toEqual([]);
  });

  it('prefers paragraph, then line, then word boundaries', () => {
    expect(splitText('aaaa bbbb\n\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('aaaa bbbb\ncccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('aaaa bbbb cccc dddd', 12)).toEqual(['aaaa bbbb', 'cccc dddd']);
    expect(splitText('abcdefghijklmnop', 6)).toEqual(['abcdef', 'ghijkl', 'mnop']);
  });

  it('never splits a surrogate pair', () => {
    const parts = splitText('ab😀😀😀', 3);
    for (const p of parts) expect(p).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
    expect(parts.join('')).toBe('ab😀😀😀');
  });

  it('property: parts are non-empty, within the limit, and lose nothing but whitespace', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'ư', ' ', '\n', '😀', 'b', '.') , maxLength: 400 }), fc.integer({ min: 2, max: 60 }), (text, max) => {
        const parts = splitText(text, max);
        for (const p of parts) {
          expect(p.length).toBeGreaterThan(0);
          expect(p.length).toBeLessThanOrEqual(max);
        }
        expect(strip(parts.join(''))).toBe(strip(text));
      }),
    );
  });
});
