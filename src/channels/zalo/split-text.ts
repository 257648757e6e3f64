/**
 * @module Splits a long message into pieces that fit Zalo's limit, at paragraph, then line,
 * then word boundaries, and carries bold ranges over to the piece they fall in.
 */
import type { BoldRange } from './zalo-port.ts';

export interface StyledText {
  text: string;
  bold: BoldRange[];
}

/**
 * @example splitStyled({ text: 'a\nb', bold: [] }, 1) // [{ text: 'a' }, { text: 'b' }]
 */
export function splitStyled(s: StyledText, max: number): StyledText[] {
  if (max < 1) throw new RangeError('max must be at least 1');
  const out: StyledText[] = [];
  let start = skipSpace(s.text, 0);
  while (start < s.text.length) {
    const rest = s.text.length - start;
    const cut = rest <= max ? s.text.length : start + cutPoint(s.text.slice(start, start + max + 1), max);
    const end = trimEndIndex(s.text, start, cut);
    if (end > start) out.push({ text: s.text.slice(start, end), bold: rebase(s.bold, start, end) });
    start = skipSpace(s.text, cut);
  }
  return out;
}

/** Where to cut `window` (its first `max` chars fit; one more shows whether a word continues). */
function cutPoint(window: string, max: number): number {
  const head = window.slice(0, max);
  // A boundary in the first third would leave tiny pieces; prefer a later, weaker boundary then.
  const floor = Math.floor(max / 3);
  for (const sep of ['\n\n', '\n']) {
    const i = head.lastIndexOf(sep);
    if (i > floor) return i + sep.length;
  }
  if (window.charAt(max) === ' ' || window.charAt(max) === '\n') return max;
  const space = head.lastIndexOf(' ');
  if (space > floor) return space + 1;
  // No boundary: hard cut, but never between the two halves of a surrogate pair.
  const code = head.charCodeAt(max - 1);
  return code >= 0xd800 && code <= 0xdbff && max > 1 ? max - 1 : max;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

function trimEndIndex(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  return end;
}

function rebase(bold: readonly BoldRange[], start: number, end: number): BoldRange[] {
  const out: BoldRange[] = [];
  for (const b of bold) {
    const s = Math.max(b.start, start);
    const e = Math.min(b.start + b.len, end);
    if (e > s) out.push({ start: s - start, len: e - s });
  }
  return out;
}
