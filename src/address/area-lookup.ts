/**
 * @module Looks one stretch of typed words up as a province, an old district or a ward
 * (new, or old and mapped), exactly or — when nothing matches exactly — allowing typos.
 * `resolve-area.ts` decides which stretch of the text plays which part.
 */
import type { AreaOption, CandidateReason, Province, Ward, WardType } from './area.ts';
import type { AreaToken, Marker } from './area-tokens.ts';
import type { AddressIndex, DistrictType, OldDistrict, OldWard, OldWardType, ProvinceIndex } from './address-index.ts';
import { hasMarks, toneKey, type Similarity } from './name-distance.ts';

/** The words of a stretch, with the marker that opened it if it is read as one. */
export interface SpanText {
  marker?: Marker;
  /** Folded: "go vap". */
  key: string;
  /** As typed, lower-case: "gò vấp" (tones tell "Thanh An" from "Thạnh An"). */
  tidy: string;
}

export type Role = 'ward' | 'district' | 'province';

const ROLE_MARKERS: Record<Role, ReadonlySet<Marker>> = {
  ward: new Set(['phuong', 'xa', 'thi_tran', 'dac_khu']),
  district: new Set(['quan', 'huyen', 'thi_xa', 'thanh_pho', 'any_district']),
  province: new Set(['thanh_pho', 'tinh']),
};

function spanText(tokens: readonly AreaToken[], marker?: Marker): SpanText {
  let key = tokens[0]!.fold;
  let tidy = tokens[0]!.tidy;
  for (let k = 1; k < tokens.length; k++) {
    key += ` ${tokens[k]!.fold}`;
    tidy += ` ${tokens[k]!.tidy}`;
  }
  const text: SpanText = { key, tidy };
  if (marker) text.marker = marker;
  return text;
}

/**
 * The ways tokens [i, j) can be read in `role`: after a marker ("phường | Bến Thành"), before an
 * English one ("Bến Thành | ward") and/or as plain words ("Phương Liệt" is a name). Abbreviations
 * are never words; nothing crosses a comma.
 */
export function spanTexts(tokens: readonly AreaToken[], i: number, j: number, role: Role): SpanText[] {
  const span = tokens.slice(i, j);
  const n = span.length;
  if (n === 0) return [];
  for (let k = 1; k < n; k++) if (span[k]!.sepBefore) return [];
  const first = span[0]!;
  const last = span[n - 1]!;
  // Plain loops and no closures: this runs for every stretch of every address read.
  const markers = ROLE_MARKERS[role];
  const out: SpanText[] = [];
  if (n > 1 && first.marker !== undefined && markers.has(first.marker) && noAbbr(span, 1, n)) out.push(spanText(span.slice(1), first.marker));
  if (n > 1 && last.suffix && last.marker !== undefined && markers.has(last.marker) && noAbbr(span, 0, n - 1)) out.push(spanText(span.slice(0, -1), last.marker));
  if (noAbbr(span, 0, n)) out.push(spanText(span));
  return out;
}

/** No abbreviation among tokens [from, to): abbreviations are only ever markers, never words of a name. */
function noAbbr(span: readonly AreaToken[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (span[k]!.abbr) return false;
  return true;
}

export interface Hit<T> {
  item: T;
  sim: number;
}

export type ProvinceHit = Hit<{ province: Province; oldProvince?: string }>;

/** Provinces named by a stretch ("hcm", "tp hồ chí minh", "Bình Dương" → 79 with its old name). */
export function lookupProvince(idx: AddressIndex, text: SpanText, near: Similarity | undefined): ProvinceHit[] {
  const exact = idx.aliases.get(text.key);
  const province = exact && idx.byProvince.get(exact.provinceCode)?.province;
  if (exact && province) return [{ item: exact.oldProvince ? { province, oldProvince: exact.oldProvince } : { province }, sim: 1 }];
  if (!near || /\d/.test(text.key)) return [];
  const hits = new Map<string, ProvinceHit>();
  for (const [key, alias] of idx.aliases) {
    const sim = near(text.key, key);
    const p = sim > 0 ? idx.byProvince.get(alias.provinceCode)?.province : undefined;
    if (!p) continue;
    const seen = hits.get(p.code);
    if (!seen || seen.sim < sim) hits.set(p.code, { item: { province: p }, sim });
  }
  return [...hits.values()];
}

/** Which old district kind a marker asks for (English "district" asks for none in particular). */
const DISTRICT_MARKER: Partial<Record<Marker, DistrictType>> = { quan: 'quan', huyen: 'huyen', thi_xa: 'thi_xa', thanh_pho: 'thanh_pho' };

/** Old districts of a province named by a stretch ("go vap", "q 1", "tp thu duc"). */
export function lookupDistricts(p: ProvinceIndex, text: SpanText, oldProvince: string | undefined, near: Similarity | undefined): Hit<OldDistrict>[] {
  // "1" alone is no district: numbered districts need their marker ("q1", "quận 1").
  if (/^\d+$/.test(text.key) && !text.marker) return [];
  const want = text.marker ? DISTRICT_MARKER[text.marker] : undefined;
  const exact = (p.districtsByKey.get(text.key) ?? []).filter((d) => districtFits(d, want, oldProvince));
  if (exact.length || !near || /\d/.test(text.key)) return exact.map((item) => ({ item, sim: 1 }));
  const hits: Hit<OldDistrict>[] = [];
  for (const [key, list] of p.districtsByKey) {
    if (/\d/.test(key)) continue;
    const sim = near(text.key, key);
    if (sim > 0) for (const d of list) if (districtFits(d, want, oldProvince)) hits.push({ item: d, sim });
  }
  return hits;
}

/** The district is of the kind the marker asks for, and in the old province named, if any. */
function districtFits(d: OldDistrict, want: DistrictType | undefined, oldProvince: string | undefined): boolean {
  return (!want || d.type === want) && (!oldProvince || d.oldProvince === oldProvince);
}

const NEW_TYPE: Partial<Record<Marker, WardType>> = { phuong: 'phuong', xa: 'xa', dac_khu: 'dac_khu' };
const OLD_TYPE: Partial<Record<Marker, OldWardType>> = { phuong: 'phuong', xa: 'xa', thi_tran: 'thi_tran' };

/** One way a stretch names a ward: the wards it could be, scored, best first. */
export interface WardFinding {
  options: { option: AreaOption; score: number; sim: number }[];
  reason: CandidateReason;
  subject?: string;
}

/** One collator for all sorting: creating one per `localeCompare` call costs more than the lookup. */
const collator = new Intl.Collator('vi', { numeric: true });

const WARD_WEIGHT = 3;
/** An old name is a little less sure than a current one: the citizen may mean either. */
const OLD_PENALTY = 0.1;
/** "xã Tân Thành" when the only Tân Thành is a phường: probably it, but less sure. */
const KIND_PENALTY = 0.8;
/** A current ward outside the old district also given ("phường Bến Thành, quận 3"). */
const OUTSIDE_PENALTY = 0.8;

/** Names that differ only in tone marks ("Thanh An", "Thạnh An"): the typed marks decide, if typed. */
function byTone<T>(hits: Hit<T>[], text: SpanText, tone: (t: T) => string): Hit<T>[] {
  if (hits.length < 2 || hits.some((h) => h.sim < 1) || !hasMarks(text.tidy)) return hits;
  const typed = toneKey(text.tidy);
  const same = hits.filter((h) => tone(h.item) === typed);
  return same.length ? same : hits;
}

/** Numbered names end with their number ("11", "ha giang 1"); cheaper than a regex in the hot loop. */
function endsWithDigit(k: string): boolean {
  const c = k.charCodeAt(k.length - 1);
  return c >= 48 && c <= 57;
}

/** Names within typo distance of `key` (never numbered ones: "Hà Giang 1" is no typo of "Hà Giang 2"). */
function nearNames<T>(entries: Iterable<[string, T[]]>, key: string, near: Similarity): Hit<T>[] {
  const hits: Hit<T>[] = [];
  for (const [k, list] of entries) {
    if (endsWithDigit(k)) continue;
    const sim = near(key, k);
    if (sim > 0) for (const item of list) hits.push({ item, sim });
  }
  return hits;
}

/**
 * Wards a stretch names in province `p`: current wards by name, old wards by name mapped to
 * their new ward(s). With old `districts` given, old wards are looked for only there and current
 * wards inside them are preferred.
 */
export function lookupWard(idx: AddressIndex, p: ProvinceIndex, text: SpanText, districts: OldDistrict[] | undefined, near: Similarity | undefined): WardFinding | null {
  const numeric = /^\d+$/.test(text.key);
  // "11" alone is no ward: numbered wards need their marker ("p11", "phường 11").
  if (numeric && !text.marker) return null;
  let news: Hit<Ward>[] = (p.wardsByKey.get(text.key) ?? []).map((item) => ({ item, sim: 1 }));
  let olds: Hit<OldWard>[] = (districts ? districts.flatMap((d) => d.wardsByKey.get(text.key) ?? []) : (p.oldWardsByKey.get(text.key) ?? [])).map((item) => ({ item, sim: 1 }));
  if (!news.length && !olds.length && near && !/\d/.test(text.key)) {
    news = nearNames(p.wardsByKey, text.key, near);
    olds = nearNames(districts ? districts.flatMap((d) => [...d.wardsByKey]) : p.oldWardsByKey, text.key, near);
  }
  news = byTone(news, text, (w) => toneKey(w.core));
  olds = byTone(olds, text, (o) => toneKey(o.core));

  let penalty = 0;
  const newType = text.marker ? NEW_TYPE[text.marker] : undefined;
  const oldType = text.marker ? OLD_TYPE[text.marker] : undefined;
  if (text.marker) {
    const typedNews = news.filter((h) => h.item.type === newType);
    const typedOlds = olds.filter((h) => h.item.type === oldType);
    if (typedNews.length || typedOlds.length) [news, olds] = [typedNews, typedOlds];
    else penalty = KIND_PENALTY;
  }
  if (districts) {
    const inside = news.filter((h) => districts.some((d) => d.targets.has(h.item.code)));
    if (inside.length || olds.length) news = inside;
    else penalty += OUTSIDE_PENALTY;
  }
  if (!news.length && !olds.length) return null;

  const province = p.province;
  const options: WardFinding['options'] = news.map((h) => ({ option: { ward: h.item, province }, score: WARD_WEIGHT * h.sim - penalty, sim: h.sim }));
  const sortedOlds = [...olds].sort((a, b) => b.sim - a.sim || collator.compare(a.item.district.name, b.item.district.name));
  for (const h of sortedOlds) {
    for (const code of h.item.targets) {
      const ward = idx.byWard.get(code);
      if (!ward) continue;
      options.push({ option: { ward, province, fromOld: { ward: h.item.name, district: h.item.district.name } }, score: WARD_WEIGHT * h.sim - OLD_PENALTY - penalty, sim: h.sim });
    }
  }
  options.sort((x, y) => y.score - x.score);
  const first = sortedOlds[0]?.item;
  if (!news.length && sortedOlds.length === 1 && first && first.targets.length > 1) {
    return { options, reason: 'split', subject: `${first.name}, ${first.district.name}` };
  }
  if (!news.length && first && sortedOlds.every((h) => h.item.name === first.name && h.sim === 1)) {
    return { options, reason: 'need_district', subject: first.name };
  }
  return { options, reason: 'ambiguous' };
}

const districtOrder = new WeakMap<OldDistrict, Ward[]>();

/** The new wards an old district became, the one sharing its name first, then by how many old wards went there. */
export function districtOptions(idx: AddressIndex, p: ProvinceIndex, d: OldDistrict): Ward[] {
  const known = districtOrder.get(d);
  if (known) return known;
  const wards = [...d.targets.keys()].flatMap((code) => idx.byWard.get(code) ?? []);
  const rank = (w: Ward): number => (p.wardsByKey.get(d.key)?.includes(w) ? 1 : 0);
  wards.sort((a, b) => rank(b) - rank(a) || (d.targets.get(b.code) ?? 0) - (d.targets.get(a.code) ?? 0) || collator.compare(a.name, b.name));
  districtOrder.set(d, wards);
  return wards;
}
