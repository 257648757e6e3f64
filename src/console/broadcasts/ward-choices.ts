/**
 * @module The wards the composer offers as checkboxes: those that have subscribers (with how
 * many), the ones already ticked, and — when the official types a filter — every ward of the
 * city whose name fits it ("ben thanh", "Bến Thành", "p. Sài Gòn"). Plain HTML forms: the
 * filter is a submit button, so no script is needed.
 */
import { nameKey, type Ward } from '../../address/index.ts';

export interface WardChoice {
  code: string;
  name: string;
  subscribers: number;
  checked: boolean;
}

export interface WardChoiceInput {
  /** Every ward of the home province (post-2025). */
  provinceWards: readonly Ward[];
  /** Any ward by code (subscribers may live elsewhere). */
  wardByCode(code: string): Ward | undefined;
  /** Subscribers per ward code. */
  counts: ReadonlyMap<string, number>;
  selected: readonly string[];
  filter: string;
}

/** Most matches listed for one filter; the official narrows it further. */
export const MAX_FILTERED = 60;

/** "phuong ben thanh" and "ben thanh" both find Phường Bến Thành; so does "p ben thanh". */
function filterKey(filter: string): string {
  return nameKey(filter).replace(/^(?:phuong|xa|dac khu|p|x)\s+/, '');
}

export function wardChoices(input: WardChoiceInput): { choices: WardChoice[]; more: number } {
  const selected = new Set(input.selected);
  const key = filterKey(input.filter);
  const pick = new Map<string, Ward>();
  let more = 0;
  if (key) {
    const matches = input.provinceWards.filter((w) => nameKey(w.name).includes(key) || nameKey(w.core).includes(key));
    matches.sort((a, b) => (input.counts.get(b.code) ?? 0) - (input.counts.get(a.code) ?? 0) || a.name.localeCompare(b.name, 'vi'));
    for (const w of matches.slice(0, MAX_FILTERED)) pick.set(w.code, w);
    more = Math.max(0, matches.length - MAX_FILTERED);
  } else {
    for (const code of input.counts.keys()) {
      const w = input.wardByCode(code);
      if (w) pick.set(code, w);
    }
  }
  for (const code of selected) {
    const w = input.wardByCode(code);
    if (w) pick.set(code, w);
  }
  const choices = [...pick.values()]
    .map((w) => ({ code: w.code, name: w.name, subscribers: input.counts.get(w.code) ?? 0, checked: selected.has(w.code) }))
    // Ticked first (they are what the official is building), then by name as Vietnamese sorts it.
    .sort((a, b) => Number(b.checked) - Number(a.checked) || a.name.localeCompare(b.name, 'vi'));
  return { choices, more };
}
