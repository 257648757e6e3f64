/**
 * @module Turns the area part of an address ("p11 go vap", "Phường Bến Thành, Q1, TP.HCM",
 * "Bình Thạnh") into a ward after the July 2025 reform, the few wards it could be, or nothing.
 *
 * The words are read as `[ward] [old district] [province]`, in that order, each part optional.
 * Every way of cutting the words into those parts is tried, each part looked up; the reading
 * that explains the most (a ward beats a district beats nothing) wins. Exact names are tried
 * first in the deployment's province, then in the whole country, and only then with typos.
 */
import { MotcuaError } from '../errors.ts';
import type { AreaMatch, AreaOption, CandidateReason, Province } from './area.ts';
import { tokenizeArea, type AreaToken } from './area-tokens.ts';
import { addressIndex, nameKey, type AddressIndex, type OldDistrict, type ProvinceIndex } from './address-index.ts';
import { nameSimilarity, type Similarity } from './name-distance.ts';
import { districtOptions, lookupDistricts, lookupProvince, lookupWard, spanTexts, type Hit, type ProvinceHit, type Role, type WardFinding } from './area-lookup.ts';

/** Hồ Chí Minh City: the deployment this assistant is built for. */
export const DEFAULT_PROVINCE = '79';

export interface ResolveOptions {
  /** The province assumed when the text names none: a code ("79") or a name ("Hà Nội", "hcm"). Default: Hồ Chí Minh City. */
  province?: string;
  /**
   * Only exact names, in the home province or one the text names (no typos, no search of the
   * whole country): cheap and strict, for `splitAddress` to find where the area starts.
   */
  exactOnly?: boolean;
  /** Another index (tests with fixtures); default: the package's, built on first use. */
  index?: AddressIndex;
}

/** Candidates shown at most: a chat list longer than this is hard to read. */
export const MAX_CANDIDATES = 4;
/** A typo-tolerant match is taken without asking only when it is this close and alone. */
const SURE_SIMILARITY = 0.8;
/** A province in the deployment (explicitly named) outranks a ward of the same name ("Sài Gòn"). */
const HOME_PROVINCE_WEIGHT = 3.5;
const OTHER_PROVINCE_WEIGHT = 1;
const DISTRICT_WEIGHT = 2;
/** Areas end an address; only this many last words are read. */
const MAX_TOKENS = 16;
/** Words that may open the area part and mean nothing ("ở phường 5", "tại xã Bình Chánh"). */
const LEADING_NOISE = new Set(['o', 'tai', 'thuoc', 'dia', 'chi', 'khu', 'vuc']);
/** Words that may close the area part and mean nothing: "…, Việt Nam", "… ạ", "… nhé". */
const TRAILING_NOISE = new Set(['vn', 'vietnam', 'a', 'nha', 'nhe', 'ha']);
/** A reading that leaves filler words out is a hair behind one that explains every word. */
const NOISE_PENALTY = 0.01;

interface Scored {
  option: AreaOption;
  score: number;
  sim: number;
}

interface Finding {
  options: Scored[];
  reason: CandidateReason;
  subject?: string;
  score: number;
  /** Set when the reading named only a province. */
  province?: Province;
  /** Which tokens each part took: [wardStart, districtStart, provinceStart, end]. */
  cut: [number, number, number, number];
}

const ROLE_SLOT: Record<Role, number> = { ward: 0, district: 1, province: 2 };

/** Looks each (part, range) up once: the readings share most of their parts. */
function memo<V>(map: Map<string, { v: V }>, key: string, make: () => V): V {
  const hit = map.get(key);
  if (hit) return hit.v;
  const v = make();
  map.set(key, { v });
  return v;
}

class Reader {
  private readonly provinces = new Map<string, { v: ProvinceHit[] }>();
  private readonly districtHits = new Map<string, { v: Hit<OldDistrict>[] }>();
  private readonly wards = new Map<string, { v: WardFinding | undefined }>();
  /** couldName's answers by (i, j, role): 0 not asked yet, 1 yes, 2 no. */
  private readonly named: Uint8Array;

  constructor(
    private readonly idx: AddressIndex,
    private readonly tokens: readonly AreaToken[],
    private readonly home: ProvinceIndex,
    /** Set for the typo-tolerant pass; exact names only when undefined. */
    private readonly near: Similarity | undefined,
  ) {
    this.named = new Uint8Array((tokens.length + 1) * (tokens.length + 1) * 3);
  }

  private province(b: number, n: number): ProvinceHit[] {
    return memo(this.provinces, `${b}|${n}`, () => spanTexts(this.tokens, b, n, 'province').flatMap((t) => lookupProvince(this.idx, t, this.near)));
  }

  private districts(p: ProvinceIndex, a: number, b: number, oldProvince: string | undefined): Hit<OldDistrict>[] {
    return memo(this.districtHits, `${p.province.code}|${a}|${b}|${oldProvince}`, () =>
      spanTexts(this.tokens, a, b, 'district').flatMap((t) => lookupDistricts(p, t, oldProvince, this.near)),
    );
  }

  private ward(p: ProvinceIndex, s: number, a: number, districts: OldDistrict[] | undefined, dKey: string): WardFinding | undefined {
    return memo(this.wards, `${p.province.code}|${s}|${a}|${dKey}`, () => {
      const found = spanTexts(this.tokens, s, a, 'ward').flatMap((t) => lookupWard(this.idx, p, t, districts, this.near) ?? []);
      return found.sort((x, y) => bestScore(y) - bestScore(x))[0];
    });
  }

  /**
   * Exact names only: whether some way of reading tokens [i, j) in `role` is a name the index
   * knows in any province. A reading needs each of its parts to name something, so cuts with a
   * part that cannot are skipped unread — they would name nothing (most cuts of a street do not).
   */
  private couldName(i: number, j: number, role: Role): boolean {
    const slot = (i * (this.tokens.length + 1) + j) * 3 + ROLE_SLOT[role];
    const known = this.named[slot];
    if (known !== 0) return known === 1;
    let found = false;
    for (const t of spanTexts(this.tokens, i, j, role)) {
      // Bare numbers name no ward or district (lookupWard, lookupDistricts): "12" is a house number.
      if (role === 'province' ? this.idx.aliases.has(t.key) : !(t.marker === undefined && /^\d+$/.test(t.key)) && this.idx.provincesByName.has(t.key)) {
        found = true;
        break;
      }
    }
    this.named[slot] = found ? 1 : 2;
    return found;
  }

  /** Reads tokens [s, n) as ward [s, a), district [a, b), province [b, n); null when a part names nothing. */
  read(s: number, a: number, b: number, n: number, inProvince?: ProvinceIndex): Finding | null {
    const cut: Finding['cut'] = [s, a, b, n];
    const penalty = n < this.tokens.length || s > 0 ? NOISE_PENALTY : 0;
    let p = inProvince ?? this.home;
    let provinceScore = 0;
    let provinceSim = 1;
    let oldProvince: string | undefined;
    if (b < n) {
      if (inProvince) return null;
      const hit = this.province(b, n).sort((x, y) => y.sim - x.sim)[0];
      const named = hit && this.idx.byProvince.get(hit.item.province.code);
      if (!hit || !named) return null;
      p = named;
      oldProvince = hit.item.oldProvince;
      provinceSim = hit.sim;
      provinceScore = (named === this.home ? HOME_PROVINCE_WEIGHT : OTHER_PROVINCE_WEIGHT) * hit.sim;
      if (s === b) return { options: [], reason: 'ambiguous', score: provinceScore - penalty, province: p.province, cut };
    }
    let districts: OldDistrict[] | undefined;
    let districtScore = 0;
    let districtSim = 1;
    if (a < b) {
      const hits = this.districts(p, a, b, oldProvince);
      if (!hits.length) return null;
      districtSim = Math.max(...hits.map((h) => h.sim));
      districts = hits.filter((h) => h.sim === districtSim).map((h) => h.item);
      districtScore = DISTRICT_WEIGHT * districtSim;
    }
    const base = provinceScore + districtScore - penalty;
    const sim = Math.min(provinceSim, districtSim);
    if (s < a) {
      const w = this.ward(p, s, a, districts, `${a}|${b}`);
      if (!w) return null;
      const options = w.options.map((o) => ({ option: o.option, score: o.score + base, sim: Math.min(o.sim, sim) }));
      return { options, reason: w.reason, ...(w.subject ? { subject: w.subject } : {}), score: Math.max(...options.map((o) => o.score)), cut };
    }
    if (!districts) return null;
    const options: Scored[] = districts.flatMap((d) =>
      districtOptions(this.idx, p, d).map((ward) => ({ option: { ward, province: p.province, fromOld: { district: d.name } }, score: base, sim })),
    );
    const first = districts[0];
    return { options, reason: 'district', ...(first ? { subject: first.name } : {}), score: base, cut };
  }

  /** Where the area may end: after the last word, or before trailing filler ("Việt Nam", "ạ"). */
  private ends(): number[] {
    const ends = [this.tokens.length];
    for (let e = this.tokens.length; e > 1; ) {
      const last = this.tokens[e - 1]?.fold ?? '';
      if (TRAILING_NOISE.has(last)) e -= 1;
      else if (last === 'nam' && this.tokens[e - 2]?.fold === 'viet') e -= 2;
      else break;
      ends.push(e);
    }
    return ends;
  }

  /** Every reading that names something, over all cuts (leading and trailing filler words skipped). */
  readAll(inProvince?: ProvinceIndex): Finding[] {
    const out: Finding[] = [];
    for (const n of this.ends()) {
      for (let s = 0; s < n; s++) {
        if (s > 0 && !LEADING_NOISE.has(this.tokens[s - 1]?.fold ?? '')) break;
        for (let a = s; a <= n; a++) {
          if (!this.near && s < a && !this.couldName(s, a, 'ward')) continue;
          for (let b = a; b <= n; b++) {
            if (!this.near && ((a < b && !this.couldName(a, b, 'district')) || (b < n && !inProvince && !this.couldName(b, n, 'province')))) continue;
            const f = this.read(s, a, b, n, inProvince);
            if (f) out.push(f);
          }
        }
      }
    }
    return out;
  }
}

function bestScore(f: WardFinding): number {
  return Math.max(...f.options.map((o) => o.score));
}

function dedupe(options: Scored[]): Scored[] {
  const seen = new Set<string>();
  return options.filter((o) => !seen.has(o.option.ward.code) && seen.add(o.option.ward.code));
}

/**
 * The best of several readings. A bare name that is both a current ward and an old district
 * ("Bình Thạnh", "Thủ Đức") offers the district's new wards, the same-named one first.
 */
function choose(findings: Finding[]): Finding | null {
  if (!findings.length) return null;
  const bestScore = Math.max(...findings.map((f) => f.score));
  const best = findings.filter((f) => f.score >= bestScore - 1e-9);
  const top = best[0];
  if (!top) return null;
  if (best.length === 1 && !top.province) {
    const [s, a, b, n] = top.cut;
    const asDistrict = a === b && findings.find((f) => f.cut[0] === s && f.cut[1] === s && f.cut[2] === a && f.cut[3] === n && f.reason === 'district');
    if (asDistrict) {
      // The current ward of that name, then the district's wards, then old wards of that name elsewhere.
      const near = closest(top.options);
      const current = near.filter((o) => !o.option.fromOld);
      const old = near.filter((o) => o.option.fromOld);
      return { ...asDistrict, options: dedupe([...current, ...asDistrict.options, ...old]), score: top.score };
    }
    return top;
  }
  if (best.length === 1) return top;
  const options = dedupe(best.flatMap((f) => f.options).sort((x, y) => y.score - x.score));
  const reasons = new Set(best.map((f) => f.reason));
  const onlyReason = reasons.size === 1 ? top.reason : 'ambiguous';
  return { ...top, options, reason: onlyReason, province: options.length ? undefined : top.province };
}

/** Options scoring near the best one (typo guesses): a far second guess only confuses. */
function closest(options: Scored[]): Scored[] {
  const best = Math.max(0, ...options.map((o) => o.score));
  return options.filter((o) => o.score >= best * 0.9);
}

function toMatch(f: Finding | null, fuzzy: boolean): AreaMatch {
  if (!f) return { kind: 'none' };
  const options = dedupe(f.options);
  const first = options[0];
  if (!first) return f.province ? { kind: 'none', province: f.province } : { kind: 'none' };
  // A district's wards, a split ward's parts are all real answers; among typo guesses only the near-best.
  const kept = fuzzy && f.reason === 'ambiguous' ? closest(options) : options;
  const only = kept.length === 1 ? kept[0] : undefined;
  if (only && (!fuzzy || only.sim >= SURE_SIMILARITY)) return { kind: 'exact', ...only.option };
  return {
    kind: 'candidates',
    // One unsure guess is a yes/no confirmation, whatever made it.
    reason: only ? 'ambiguous' : f.reason,
    options: kept.slice(0, MAX_CANDIDATES).map((o) => o.option),
    total: kept.length,
    ...(f.subject ? { subject: f.subject } : {}),
  };
}

/** The province index for `opts.province` (code or name); a configuration error when unknown. */
export function homeProvince(idx: AddressIndex, province: string = DEFAULT_PROVINCE): ProvinceIndex {
  const code = /^\d{2}$/.test(province) ? province : idx.aliases.get(nameKey(province))?.provinceCode;
  const p = code ? idx.byProvince.get(code) : undefined;
  if (!p) throw new MotcuaError('CONFIG_INVALID', `unknown province "${province}": use a two-digit code such as "79" or a name such as "Hồ Chí Minh"`);
  return p;
}

/** Provinces having a ward or old district named by some stretch of the words: the only ones worth reading in. */
function provincesNamed(idx: AddressIndex, tokens: readonly AreaToken[]): Set<string> {
  const codes = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i + 1; j <= tokens.length; j++) {
      for (const role of ['ward', 'district'] as const) {
        for (const t of spanTexts(tokens, i, j, role)) for (const c of idx.provincesByName.get(t.key) ?? []) codes.add(c);
      }
    }
  }
  return codes;
}

/** Resolves already-tokenised area words (shared with `splitAddress`). */
export function resolveTokens(all: readonly AreaToken[], opts: ResolveOptions = {}): AreaMatch {
  const idx = opts.index ?? addressIndex();
  const home = homeProvince(idx, opts.province);
  const tokens = all.slice(-MAX_TOKENS);
  if (!tokens.length) return { kind: 'none' };

  const exact = new Reader(idx, tokens, home, undefined);
  const here = choose(exact.readAll());
  if (here || opts.exactOnly) return toMatch(here, false);
  // Not an exact name at home: an exact name elsewhere in the country, or a typo at home.
  const elsewhere: Finding[] = [];
  for (const code of provincesNamed(idx, tokens)) {
    const p = idx.byProvince.get(code);
    if (p && p !== home) elsewhere.push(...exact.readAll(p));
  }
  const away = choose(elsewhere);
  const near = choose(new Reader(idx, tokens, home, nameSimilarity).readAll());
  if (!away) return toMatch(near, true);
  const nearOptions = near ? closest(dedupe(near.options)) : [];
  const nearBest = nearOptions[0];
  if (!nearBest) return toMatch(away, false);
  // Both: a close typo of a home ward comes first, a loose one after the exact name elsewhere.
  const farOptions = dedupe(away.options);
  const options = nearBest.sim >= SURE_SIMILARITY ? [...nearOptions, ...farOptions] : [...farOptions, ...nearOptions];
  return { kind: 'candidates', reason: 'ambiguous', options: options.slice(0, MAX_CANDIDATES).map((o) => o.option), total: options.length };
}

/**
 * Resolves the area part of an address to a ward after the July 2025 reform.
 * @example resolveArea('p11 go vap') // { kind: 'exact', ward: { name: 'Phường Thông Tây Hội', ... }, fromOld: { ward: 'Phường 11', district: 'Quận Gò Vấp' }, ... }
 * @example resolveArea('Bình Thạnh') // { kind: 'candidates', reason: 'district', options: [Phường Bình Thạnh, Phường Gia Định, ...] }
 */
export function resolveArea(text: string, opts: ResolveOptions = {}): AreaMatch {
  return resolveTokens(tokenizeArea(text), opts);
}
