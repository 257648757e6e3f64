/**
 * @module Checks text sent with parse_mode HTML the way the Bot API does: only its tag set,
 * balanced tags, entities decoded. Returns the visible text, whose length is what the
 * 4096-character limit applies to. Stricter than Telegram on tags so escaping bugs show up.
 */

const TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a',
  'tg-emoji', 'code', 'pre', 'blockquote',
]);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export type HtmlResult = { ok: true; text: string } | { ok: false; error: string };

/** Parses Bot API HTML; on failure the error reads like Telegram's "can't parse entities". */
export function parseTelegramHtml(html: string): HtmlResult {
  let out = '';
  const open: string[] = [];
  let i = 0;
  while (i < html.length) {
    const c = html[i];
    if (c === '<') {
      const m = /^<(\/?)([a-zA-Z][\w-]*)((?:\s+[^<>]*)?)>/.exec(html.slice(i));
      if (!m) return { ok: false, error: `Bad Request: can't parse entities: Unexpected character "<" at byte offset ${i}` };
      const [whole, closing, rawName] = m;
      const name = (rawName ?? '').toLowerCase();
      if (!TAGS.has(name)) {
        return { ok: false, error: `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${i}` };
      }
      if (closing) {
        if (open.pop() !== name) {
          return { ok: false, error: `Bad Request: can't parse entities: Unmatched end tag at byte offset ${i}, expected "</${name}>"` };
        }
      } else {
        open.push(name);
      }
      i += whole.length;
      continue;
    }
    if (c === '&') {
      const m = /^&(lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});/.exec(html.slice(i));
      if (m) {
        const name = m[1] ?? '';
        out += name.startsWith('#x')
          ? String.fromCodePoint(parseInt(name.slice(2), 16))
          : name.startsWith('#')
            ? String.fromCodePoint(parseInt(name.slice(1), 10))
            : (ENTITIES[name] ?? '');
        i += m[0].length;
        continue;
      }
    }
    out += c;
    i += 1;
  }
  if (open.length > 0) {
    return { ok: false, error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.at(-1) ?? ''}"` };
  }
  return { ok: true, text: out };
}
