/**
 * @module Separates the street/house part of a typed address ("12 Nguyễn Trãi", "số 5 hẻm 34
 * Lê Văn Sỹ", "tổ 3, ấp 2") from the area part at its end ("p11 Gò Vấp", "xã Bình Chánh").
 */
import type { AreaToken } from './area-tokens.ts';
import { tokenizeArea } from './area-tokens.ts';
import { resolveTokens, type ResolveOptions } from './resolve-area.ts';

export interface SplitAddress {
  /** As typed, trimmed: "12 Nguyễn Trãi"; empty when the text is only an area. */
  street: string;
  /** As typed: "p11 Gò Vấp"; empty when no area could be told apart. */
  area: string;
}

const TRIM_END = /[\s,;.:\-–—/]+$/u;
const TRIM_START = /^[\s,;.:\-–—/]+/u;

function names(tokens: readonly AreaToken[], i: number, opts: ResolveOptions): boolean {
  const m = resolveTokens(tokens.slice(i), { ...opts, exactOnly: true });
  return m.kind !== 'none' || m.province !== undefined;
}

/**
 * Where the area starts: the earliest word from which the rest is, exactly, a ward/district/
 * province (so "12 Nguyễn Trãi Bến Thành" splits before "Bến Thành"). Failing that (a typo in
 * the ward), the first kind word ("phường", "xã", "q."), else the last comma-separated part.
 * @example splitAddress('12 Nguyễn Trãi, p11 Gò Vấp') // { street: '12 Nguyễn Trãi', area: 'p11 Gò Vấp' }
 */
export function splitAddress(text: string, opts: Omit<ResolveOptions, 'exactOnly'> = {}): SplitAddress {
  const tokens = tokenizeArea(text);
  // A glued word ("p11", "tphcm") is never cut in the middle.
  const starts = tokens.map((_, i) => i).filter((i) => i === 0 || tokens[i]?.start !== tokens[i - 1]?.start);
  let at = starts.find((i) => names(tokens, i, opts));
  if (at === undefined) at = starts.find((i) => tokens[i]?.marker !== undefined);
  if (at === undefined) {
    const lastPart = starts.filter((i) => i > 0 && tokens[i]?.sepBefore).pop();
    at = lastPart;
  }
  const start = at === undefined ? text.length : (tokens[at]?.start ?? text.length);
  return {
    street: text.slice(0, start).replace(TRIM_END, '').replace(TRIM_START, '').trim(),
    area: text.slice(start).replace(TRIM_END, '').trim(),
  };
}
