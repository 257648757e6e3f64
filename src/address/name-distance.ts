/**
 * @module How far a typed name is from a real one: optimal-string-alignment edit distance
 * (a swap of two neighbours counts once: "thnah" → "thanh"), over folded text.
 */

let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/**
 * Edit distance between `a` and `b`, or `max + 1` as soon as it is known to exceed `max`
 * (most comparisons are against names that are nowhere close, so they stop early).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  // Three rows reused across calls: this runs thousands of times per typo-tolerant lookup.
  if (rows[0].length <= n) rows = [new Int32Array(n + 1), new Int32Array(n + 1), new Int32Array(n + 1)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Typos tolerated for a name of this length: none in very short names, up to 3 in long ones. */
export function allowedTypos(length: number): number {
  if (length <= 4) return 0;
  if (length <= 8) return 1;
  if (length <= 14) return 2;
  return 3;
}

/**
 * Similarity in [0, 1] of a typed folded name to a real one, 0 when too far apart. Each typo
 * costs more than its share of letters, so one typo in a long name ("ben thnah", 0.83) is still
 * near-sure but two ("thuong tan" for "thong tay", 0.7) are not. A typed name that is the first
 * words of a longer one ("an hoi" → "an hoi tay") scores 0.75.
 */
export function nameSimilarity(typed: string, real: string): number {
  if (typed === real) return 1;
  const longest = Math.max(typed.length, real.length);
  const max = allowedTypos(Math.min(typed.length, real.length));
  if (max > 0) {
    const d = editDistance(typed, real, max);
    if (d <= max) return Math.max(0.01, 1 - (1.5 * d) / longest);
  }
  if (typed.includes(' ') && real.startsWith(`${typed} `)) return 0.75;
  return 0;
}

/**
 * A key that ignores where a tone mark sits in a syllable ("hoà" = "hòa") but keeps which
 * marks are there ("thạnh" ≠ "thanh"): base letters, then the syllable's marks sorted.
 */
export function toneKey(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/đ/g, 'd\u0111')
    .split(/[^\p{L}\p{N}\u0300-\u036f\u0111]+/u)
    .filter(Boolean)
    .map((syllable) => {
      const marks = [...syllable.matchAll(/[\u0300-\u036f\u0111]/g)].map((m) => m[0]).sort().join('');
      return `${syllable.replace(/[\u0300-\u036f\u0111]/g, '')}${marks}`;
    })
    .join(' ');
}

/** True when the text carries any Vietnamese mark (then tones can tell names apart). */
export function hasMarks(text: string): boolean {
  return /[\u0300-\u036f\u0111]/.test(text.normalize('NFD').toLowerCase());
}

/** How lookups compare names when typos are allowed (`nameSimilarity`; tests may pass another). */
export type Similarity = (typed: string, real: string) => number;
