/**
 * @module Cuts an address into folded tokens that remember where they came from, and marks
 * the words that name a kind of area ("phường", "p.", "q", "tp", "huyện"...).
 * Citizens glue and shorten: "p11", "Q.1", "tphcm", "F.5" all become a marker and a name.
 */
import { fold } from '../nlu/fold.ts';

/**
 * The kind words of old and new areas. `thanh_pho` is both an old district kind and a city-province;
 * `any_district` is English "district", which stands for quận, huyện and thị xã alike.
 */
export type Marker = 'phuong' | 'xa' | 'thi_tran' | 'dac_khu' | 'quan' | 'huyen' | 'thi_xa' | 'thanh_pho' | 'tinh' | 'any_district';

export interface AreaToken {
  /** Folded ("ben", "11", "hcm"). Numbers lose leading zeros ("05" → "5"). */
  fold: string;
  /** The typed word, lower-case NFC, tones kept (for telling "Thanh An" from "Thạnh An"). */
  tidy: string;
  /** Offsets into the original text (glued pieces such as "p11" share their word's range). */
  start: number;
  end: number;
  /** A comma, semicolon or line break comes right before this token: names never span one. */
  sepBefore: boolean;
  marker?: Marker;
  /**
   * True for abbreviations ("p", "q", "tp") and English kind words, which are only ever markers.
   * Full Vietnamese words such as "phuong", "quan", "tinh" may also be part of a name (Phương Liệt,
   * Quan Sơn, Tịnh Khê).
   */
  abbr: boolean;
  /** English kind words may also follow the name: "Bến Thành ward", "Gò Vấp District", "Ho Chi Minh City". */
  suffix?: boolean;
}

const WORD_MARKERS: ReadonlyMap<string, Marker> = new Map([
  ['phuong', 'phuong'],
  ['xa', 'xa'],
  ['thi tran', 'thi_tran'],
  ['dac khu', 'dac_khu'],
  ['quan', 'quan'],
  ['huyen', 'huyen'],
  ['thi xa', 'thi_xa'],
  ['thanh pho', 'thanh_pho'],
  ['tinh', 'tinh'],
]);

const ABBR_MARKERS: ReadonlyMap<string, Marker> = new Map([
  ['p', 'phuong'],
  ['f', 'phuong'], // Saigon habit: "F.5" for phường 5
  ['x', 'xa'],
  ['tt', 'thi_tran'],
  ['dk', 'dac_khu'],
  ['q', 'quan'],
  ['h', 'huyen'],
  ['tx', 'thi_xa'],
  ['tp', 'thanh_pho'],
]);

/** As the flows' English examples and English-speaking residents write them. */
const ENGLISH_MARKERS: ReadonlyMap<string, Marker> = new Map([
  ['ward', 'phuong'],
  ['commune', 'xa'],
  ['district', 'any_district'],
  ['city', 'thanh_pho'],
  ['province', 'tinh'],
]);

/** Glued spellings split before matching: "p11" → "p 11", "tphcm" → "tp hcm". */
const GLUED: readonly [RegExp, (m: RegExpExecArray) => string[]][] = [
  [/^(p|f|q|phuong|quan)(\d+)$/, (m) => [m[1] ?? '', m[2] ?? '']],
  [/^tp(hcm|hn)$/, (m) => ['tp', m[1] ?? '']],
  [/^hcmc$/, () => ['hcm']],
  [/^saigon$/, () => ['sai', 'gon']],
  [/^hanoi$/, () => ['ha', 'noi']],
];

const WORD = /[\p{L}\p{N}]+|[,;\n]/gu;

/** First letters of the glued spellings: other words skip the patterns. */
const GLUED_FIRST = new Set('pfqths');

function pieces(folded: string): string[] {
  if (!GLUED_FIRST.has(folded.charAt(0))) return [folded];
  for (const [re, split] of GLUED) {
    const m = re.exec(folded);
    if (m) return split(m);
  }
  return [folded];
}

const folds = new Map<string, string>();
const FOLDS_LIMIT = 20_000;

/**
 * `fold(word)` for a run of letters and digits: ASCII words are their lower case; others are
 * kept (addresses repeat a small vocabulary: phường, quận, Nguyễn…), as `foldToken` does.
 */
function foldWord(word: string): string {
  if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
  let out = folds.get(word);
  if (out === undefined) {
    out = fold(word);
    if (folds.size >= FOLDS_LIMIT) folds.clear();
    folds.set(word, out);
  }
  return out;
}

function dezero(s: string): string {
  return /^\d+$/.test(s) ? String(Number.parseInt(s, 10)) : s;
}

/**
 * Tokens of `text` with markers recognised. Two-word markers ("thị xã", "thành phố") become one token.
 * @example tokenizeArea('P.11, Q.Gò Vấp').map((t) => t.fold) // ['p', '11', 'q', 'go', 'vap']
 */
export function tokenizeArea(text: string): AreaToken[] {
  const nfc = text.normalize('NFC');
  const raw: AreaToken[] = [];
  let sep = false;
  for (const m of nfc.matchAll(WORD)) {
    const word = m[0];
    if (word === ',' || word === ';' || word === '\n') {
      sep = true;
      continue;
    }
    const start = m.index;
    const end = start + word.length;
    const tidy = word.toLowerCase();
    const parts = pieces(foldWord(word));
    for (const [i, part] of parts.entries()) {
      raw.push({ fold: dezero(part), tidy: parts.length === 1 ? tidy : part, start, end, sepBefore: sep && i === 0, abbr: false });
    }
    sep = false;
  }
  const out: AreaToken[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i];
    if (!t) continue;
    const next = raw[i + 1];
    const pair = next && !next.sepBefore ? WORD_MARKERS.get(`${t.fold} ${next.fold}`) : undefined;
    if (next && pair) {
      out.push({ fold: `${t.fold} ${next.fold}`, tidy: `${t.tidy} ${next.tidy}`, start: t.start, end: next.end, sepBefore: t.sepBefore, marker: pair, abbr: false });
      i++;
      continue;
    }
    const abbr = ABBR_MARKERS.get(t.fold);
    const english = ENGLISH_MARKERS.get(t.fold);
    if (abbr) out.push({ ...t, marker: abbr, abbr: true });
    else if (english) out.push({ ...t, marker: english, abbr: true, suffix: true });
    else {
      const word = WORD_MARKERS.get(t.fold);
      out.push(word ? { ...t, marker: word } : t);
    }
  }
  return out;
}
