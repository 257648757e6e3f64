/**
 * @module HTML built with a tagged template that escapes every interpolated value, so text
 * from citizens (answers, names, notes) can never become markup. Only `Html` values — made by
 * `html` itself or by `raw` for trusted constants — pass through unescaped.
 *
 * @example
 *   html`<td>${answer}</td>`            // "<script>" in answer becomes "&lt;script&gt;"
 *   html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

/** Trusted markup (constants only — never anything that came from a request or the store). */
export function raw(s: string): Html {
  return new Html(s);
}

/** `?a=1&b=x` from the non-empty entries (for links that keep filters). */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
