import { describe, expect, it } from 'vitest';
import { tokenizeArea } from './area-tokens.ts';

describe('tokenizeArea', () => {
  it('folds, splits glued abbreviations and marks kind words', () => {
    const tokens = tokenizeArea('P.011, Q.Gò Vấp, tphcm');
    expect(tokens.map((t) => t.fold)).toEqual(['p', '11', 'q', 'go', 'vap', 'tp', 'hcm']);
    expect(tokens.map((t) => t.marker ?? '')).toEqual(['phuong', '', 'quan', '', '', 'thanh_pho', '']);
    expect(tokens.map((t) => t.sepBefore)).toEqual([false, false, true, false, false, true, false]);
  });

  it('keeps offsets into the original text', () => {
    const text = '12 Nguyễn Trãi, p11 Gò Vấp';
    const tokens = tokenizeArea(text);
    const p = tokens.find((t) => t.fold === 'p');
    expect(p && text.slice(p.start, p.end)).toBe('p11');
  });

  it('joins two-word kinds and tells abbreviations from words that can be names', () => {
    const tokens = tokenizeArea('thị xã Kỳ Anh, tỉnh Hà Tĩnh');
    expect(tokens[0]).toMatchObject({ fold: 'thi xa', marker: 'thi_xa', abbr: false });
    expect(tokens.map((t) => t.fold)).toEqual(['thi xa', 'ky', 'anh', 'tinh', 'ha', 'tinh']);
    // "tinh" is a marker word but also a name ("Hà Tĩnh", "Tịnh Khê"): not an abbreviation.
    expect(tokens[5]).toMatchObject({ marker: 'tinh', abbr: false });
    expect(tokenizeArea('q 1')[0]).toMatchObject({ marker: 'quan', abbr: true });
  });
});
