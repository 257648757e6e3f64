/**
 * @module E-mail addresses: a practical syntax check (not RFC 5322's every corner), the domain
 * lower-cased, and "did you mean gmail.com?" for the common typos of the big providers.
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import type { FieldResult, FieldType, Json } from './field-type.ts';

type EmailStep = Extract<Step, { type: 'email' }>;

/** Where most Vietnamese citizens have their mail; a near miss of one of these is most likely a typo. */
const COMMON_DOMAINS = ['gmail.com', 'yahoo.com', 'yahoo.com.vn', 'outlook.com', 'hotmail.com', 'icloud.com'];

/** Real domains one or two letters away from a common one ("ymail.com" is Yahoo's): never "corrected". */
const REAL_NEIGHBOURS = new Set(['mail.com', 'ymail.com', 'email.com', 'gmx.com', 'me.com', 'mac.com', 'live.com', 'msn.com', 'aol.com', 'yahoo.co.uk', 'yahoo.co.jp']);

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

/** Levenshtein distance, capped: we only care whether it is 1 or 2. */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 3;
}

/** "gmial.com" → "gmail.com"; `undefined` when the domain is fine or not close to a common one. */
export function suggestDomain(domain: string): string | undefined {
  if (COMMON_DOMAINS.includes(domain) || REAL_NEIGHBOURS.has(domain)) return undefined;
  const best = COMMON_DOMAINS.map((d) => ({ d, n: distance(domain, d) })).sort((x, y) => x.n - y.n)[0];
  return best && best.n <= 2 ? best.d : undefined;
}

/** A syntactically usable address with its domain lower-cased, or `undefined`. */
export function normaliseEmail(text: string): string | undefined {
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const domain = text.slice(at + 1).toLowerCase().replace(/\.$/, '');
  if (at < 1 || local.length > 64 || !LOCAL.test(local)) return undefined;
  const labels = domain.split('.');
  if (domain.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l))) return undefined;
  // The last label is a top-level domain: letters only ("com", "vn"), or an IDN in punycode.
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(labels.at(-1) ?? '')) return undefined;
  const email = `${local}@${domain}`;
  return email.length <= 254 ? email : undefined;
}

export const emailField: FieldType<EmailStep> = {
  parse(event, _step, ctx): FieldResult {
    if (event.kind !== 'text') return fail('email.format');
    // Phone keyboards often add "mailto:" or a trailing dot, and some type a full-width "＠".
    const text = event.text.normalize('NFKC').trim().replace(/^mailto:/i, '').replace(/[.,;]+$/, '');
    if (!text.includes('@')) return fail('email.noAt');
    if (/\s/.test(text)) return fail('email.spaces');
    const email = normaliseEmail(text);
    const at = text.lastIndexOf('@');
    const local = text.slice(0, at);
    // Suggest even when the typo broke the syntax ("gmail.c", "gmail..com"): a tap fixes it.
    const suggestion = suggestDomain(text.slice(at + 1).toLowerCase());
    const fixed = suggestion ? normaliseEmail(`${local}@${suggestion}`) : undefined;
    if (fixed) {
      const candidates = [{ label: fixed, value: fixed }];
      if (email) candidates.push({ label: t(ctx.locale, 'fields.email.keep', { email }), value: email });
      return { ok: 'clarify', question: { key: 'email.typo', params: { suggestion: fixed } }, candidates };
    }
    if (!email) return fail('email.format');
    return { ok: true, value: email };
  },

  display(value: Json): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  },

  hint(_step: EmailStep, locale: Locale): string {
    return t(locale, 'fields.email.hint');
  },
};
