/**
 * @module Splits text longer than Telegram's limit (4096 characters after entity parsing)
 * at a paragraph break, else a line break, else a space, else anywhere — never inside a
 * surrogate pair. Lengths are UTF-16 code units, which is what Telegram counts.
 */

const SEPARATORS = ['\n\n', '\n', ' '];

/** Chunks of at most `max` characters; empty or blank text gives no chunk. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    let cut = -1;
    let skip = 0;
    for (const sep of SEPARATORS) {
      const at = rest.lastIndexOf(sep, max - sep.length);
      // A break in the first half would leave a stub; look for a finer one instead.
      if (at >= max / 2) {
        cut = at;
        skip = sep.length;
        break;
      }
    }
    if (cut < 0) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    const head = rest.slice(0, cut).trimEnd();
    if (head) chunks.push(head);
    rest = rest.slice(cut + skip).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}
