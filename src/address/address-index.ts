/**
 * @module The address index: every province, ward and old district/ward keyed by folded name,
 * built once from the package on first use and cached for the life of the process.
 */
import { performance } from 'node:perf_hooks';
import { fold } from '../nlu/fold.ts';
import { loadAddressData, type AddressData, type AddressDataFacts } from './address-data.ts';
import type { Province, Ward } from './area.ts';

export type OldWardType = 'phuong' | 'xa' | 'thi_tran';
export type DistrictType = 'quan' | 'huyen' | 'thi_xa' | 'thanh_pho';

/** A district before July 2025 ("Quận Gò Vấp"), under the new province its wards now belong to. */
export interface OldDistrict {
  name: string;
  type: DistrictType;
  /** Folded name without its kind: "go vap", "1", "thu duc". */
  key: string;
  oldProvince: string | null;
  /** New ward code → how many of this district's old wards went (wholly or partly) there. */
  targets: Map<string, number>;
  wardsByKey: Map<string, OldWard[]>;
}

/** A ward before July 2025 and the new ward(s) it became; several when the reform split it. */
export interface OldWard {
  name: string;
  type: OldWardType;
  key: string;
  /** "Bình Thạnh" without its kind, as the data spells it. */
  core: string;
  district: OldDistrict;
  targets: string[];
}

/** Everything inside one (new) province. */
export interface ProvinceIndex {
  province: Province;
  wards: Ward[];
  wardsByKey: Map<string, Ward[]>;
  districts: OldDistrict[];
  districtsByKey: Map<string, OldDistrict[]>;
  oldWards: OldWard[];
  oldWardsByKey: Map<string, OldWard[]>;
}

/** A way to name a province; `oldProvince` when it is a pre-2025 province merged into this one. */
export interface ProvinceAlias {
  provinceCode: string;
  oldProvince?: string;
}

export interface AddressIndexStats {
  /** Reading, parsing and validating the package's JSON. */
  loadMs: number;
  /** Building the maps. */
  indexMs: number;
  oldDistricts: number;
  oldWards: number;
  facts: AddressDataFacts;
}

export interface AddressIndex {
  provinces: readonly Province[];
  /** By province code ("79"). */
  byProvince: ReadonlyMap<string, ProvinceIndex>;
  /** By ward code ("26734"). */
  byWard: ReadonlyMap<string, Ward>;
  /** Which provinces have a ward, old ward or old district of this folded name (to search the country fast). */
  provincesByName: ReadonlyMap<string, readonly string[]>;
  /** Folded province names and nicknames: "ho chi minh", "hcm", "sai gon", "binh duong" (old) → "79". */
  aliases: ReadonlyMap<string, ProvinceAlias>;
  stats: AddressIndexStats;
}

/** Nicknames citizens use, on top of every official name (new and pre-2025). */
const NICKNAMES: readonly [string, string][] = [
  ['hcm', '79'],
  ['sai gon', '79'],
  ['sg', '79'],
  ['hn', '01'],
];
const OLD_NICKNAMES: readonly [string, string][] = [['brvt', 'Tỉnh Bà Rịa - Vũng Tàu']];
/**
 * Districts dissolved before the 2025 snapshot that citizens still write: Quận 2, Quận 9 and
 * Quận Thủ Đức became Thành phố Thủ Đức in 2021 (Resolution 1111/NQ-UBTVQH14), so they stand for it.
 */
const FORMER_DISTRICTS: readonly { province: string; name: string; type: DistrictType; key: string; now: string }[] = [
  { province: '79', name: 'Quận 2', type: 'quan', key: '2', now: 'Thành phố Thủ Đức' },
  { province: '79', name: 'Quận 9', type: 'quan', key: '9', now: 'Thành phố Thủ Đức' },
  { province: '79', name: 'Quận Thủ Đức', type: 'quan', key: 'thu duc', now: 'Thành phố Thủ Đức' },
];

const OLD_WARD_PREFIXES: readonly [string, OldWardType][] = [
  ['Phường ', 'phuong'],
  ['Xã ', 'xa'],
  ['Thị trấn ', 'thi_tran'],
];
const DISTRICT_PREFIXES: readonly [string, DistrictType][] = [
  ['Quận ', 'quan'],
  ['Huyện ', 'huyen'],
  ['Thị xã ', 'thi_xa'],
  ['Thành phố ', 'thanh_pho'],
];

/** Folded, numbers without leading zeros: the form every lookup compares in. */
export function nameKey(text: string): string {
  return fold(text)
    .split(' ')
    .map((w) => (/^\d+$/.test(w) ? String(Number.parseInt(w, 10)) : w))
    .join(' ');
}

function stripKind<T>(name: string, prefixes: readonly [string, T][]): [T, string] | undefined {
  const hit = prefixes.find(([p]) => name.startsWith(p));
  return hit ? [hit[1], name.slice(hit[0].length)] : undefined;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function provinceCore(name: string): string {
  return name.replace(/^(Thành phố|Tỉnh) /, '');
}

/** Builds the index from parsed data (exported for tests with small fixtures). */
export function buildAddressIndex(data: AddressData, loadMs = 0): AddressIndex {
  const t0 = performance.now();
  // Old names repeat a lot ("Phường 1", "Tỉnh Bình Dương" on every row): fold each once.
  const keys = new Map<string, string>();
  const key = (text: string): string => {
    let k = keys.get(text);
    if (k === undefined) keys.set(text, (k = nameKey(text)));
    return k;
  };
  const byProvince = new Map<string, ProvinceIndex>();
  for (const province of data.provinces) {
    byProvince.set(province.code, { province, wards: [], wardsByKey: new Map(), districts: [], districtsByKey: new Map(), oldWards: [], oldWardsByKey: new Map() });
  }
  const byWard = new Map<string, Ward>();
  for (const ward of data.wards) {
    const p = byProvince.get(ward.provinceCode);
    if (!p) continue;
    p.wards.push(ward);
    push(p.wardsByKey, nameKey(ward.core), ward);
    byWard.set(ward.code, ward);
  }

  const aliases = new Map<string, ProvinceAlias>();
  for (const p of data.provinces) {
    for (const name of [p.name, p.fullName, provinceCore(p.name)]) aliases.set(nameKey(name), { provinceCode: p.code });
  }
  for (const [nick, code] of NICKNAMES) aliases.set(nick, { provinceCode: code });

  const districts = new Map<string, OldDistrict>();
  const oldWards = new Map<string, OldWard>();
  for (const m of data.mappings) {
    const ward = byWard.get(m.newWardCode);
    const p = ward && byProvince.get(ward.provinceCode);
    const kind = stripKind(m.oldDistrict, DISTRICT_PREFIXES);
    if (!ward || !p || !kind) continue;
    if (m.oldProvince) {
      for (const name of [m.oldProvince, provinceCore(m.oldProvince)]) {
        const k = key(name);
        if (!aliases.has(k)) aliases.set(k, { provinceCode: p.province.code, oldProvince: m.oldProvince });
      }
    }
    const dKey = `${p.province.code}|${m.oldProvince}|${m.oldDistrict}`;
    let district = districts.get(dKey);
    if (!district) {
      district = { name: m.oldDistrict, type: kind[0], key: key(kind[1]), oldProvince: m.oldProvince, targets: new Map(), wardsByKey: new Map() };
      districts.set(dKey, district);
      p.districts.push(district);
      push(p.districtsByKey, district.key, district);
    }
    district.targets.set(ward.code, (district.targets.get(ward.code) ?? 0) + 1);
    const wardKind = m.oldWard ? stripKind(m.oldWard, OLD_WARD_PREFIXES) : undefined;
    if (!m.oldWard || !wardKind) continue;
    const wKey = `${dKey}|${m.oldWard}`;
    const old = oldWards.get(wKey);
    if (old) {
      if (!old.targets.includes(ward.code)) old.targets.push(ward.code);
      continue;
    }
    const created: OldWard = { name: m.oldWard, type: wardKind[0], key: key(wardKind[1]), core: wardKind[1], district, targets: [ward.code] };
    oldWards.set(wKey, created);
    p.oldWards.push(created);
    push(p.oldWardsByKey, created.key, created);
    push(district.wardsByKey, created.key, created);
  }
  for (const f of FORMER_DISTRICTS) {
    const p = byProvince.get(f.province);
    const now = p?.districts.find((d) => d.name === f.now);
    // Same wards and targets as the district it became; only the name citizens type differs.
    if (p && now) push(p.districtsByKey, f.key, { ...now, type: f.type, key: f.key });
  }
  for (const [nick, oldProvince] of OLD_NICKNAMES) {
    const alias = aliases.get(nameKey(oldProvince));
    if (alias) aliases.set(nick, alias);
  }

  const provincesByName = new Map<string, string[]>();
  for (const p of byProvince.values()) {
    for (const k of new Set([...p.wardsByKey.keys(), ...p.oldWardsByKey.keys(), ...p.districtsByKey.keys()])) push(provincesByName, k, p.province.code);
  }

  return {
    provinces: data.provinces,
    provincesByName,
    byProvince,
    byWard,
    aliases,
    stats: { loadMs, indexMs: performance.now() - t0, oldDistricts: districts.size, oldWards: oldWards.size, facts: data.facts },
  };
}

let cached: AddressIndex | undefined;

/** The index over the installed package, built on first call (≈ 150 ms) and then shared. */
export function addressIndex(): AddressIndex {
  if (!cached) {
    const t0 = performance.now();
    const data = loadAddressData();
    cached = buildAddressIndex(data, performance.now() - t0);
  }
  return cached;
}
