/** @module Escaping for Telegram's HTML parse mode: the engine sends plain text, never markup. */

/** Escapes the three characters the Bot API's HTML parser gives meaning to. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
