/**
 * @module Vietnamese phone numbers, typed in any usual spelling ("0901 234 567", "+84 90-123-4567",
 * "(028) 3823 4567") or shared as a contact. Stored in E.164 ("+84901234567").
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import type { FieldError, FieldResult, FieldType, Json } from './field-type.ts';

type PhoneStep = Extract<Step, { type: 'phone' }>;

export type PhoneParse = { ok: true; e164: string } | { ok: false; error: FieldError };

function fail(key: string, params?: Record<string, string | number>): { ok: false; error: FieldError } {
  return { ok: false, error: params ? { key, params } : { key } };
}

/**
 * Normalises one Vietnamese number to E.164. The national significant number (without the
 * leading 0) is 9 digits for mobiles (3, 5, 7, 8, 9 …) and 10 for landlines (2 …).
 * @example parsePhone('(+84) 90.123.4567') // { ok: true, e164: '+84901234567' }
 */
export function parsePhone(text: string): PhoneParse {
  // The number is the one run of digits and separators; words around it ("sđt của tôi:") are ignored.
  const runs = text.normalize('NFKC').match(/[+(]*\d[\d\s.\-()]*/g) ?? [];
  const withDigits = runs.filter((r) => /\d/.test(r));
  if (withDigits.length !== 1) return fail('phone.format');
  const compact = (withDigits[0] ?? '').replace(/[\s.\-()]/g, '');
  if (!/^\+?\d+$/.test(compact)) return fail('phone.format');
  let nsn = compact;
  let countryCode = false;
  if (compact.startsWith('+84')) [nsn, countryCode] = [compact.slice(3), true];
  else if (compact.startsWith('+')) return fail('phone.foreign');
  else if (compact.startsWith('0084')) [nsn, countryCode] = [compact.slice(4), true];
  else if (compact.startsWith('00')) return fail('phone.foreign');
  else if (compact.startsWith('0')) nsn = compact.slice(1);
  // "84901234567" is the country code without "+"; "841234567" is a 084 mobile missing its 0.
  else if (compact.startsWith('84') && (compact.length === 11 || compact.length === 12)) [nsn, countryCode] = [compact.slice(2), true];
  // "+84 (0) 90 …" and "+84 090 …": the trunk 0 does not belong after the country code.
  if (countryCode && nsn.startsWith('0')) nsn = nsn.slice(1);
  const first = nsn[0];
  const count = nsn.length + 1;
  if (first === undefined) return fail('phone.length', { count });
  if (first === '3' || first === '5' || first === '7' || first === '8' || first === '9') {
    return nsn.length === 9 ? { ok: true, e164: `+84${nsn}` } : fail('phone.length', { count });
  }
  if (first === '2') return nsn.length === 10 ? { ok: true, e164: `+84${nsn}` } : fail('phone.length', { count });
  // 11-digit 01x mobiles were renumbered in 2018 (0162 → 032, ...).
  if (first === '1' && nsn.length === 10) return fail('phone.oldMobile');
  return fail('phone.prefix', { prefix: `0${nsn.slice(0, 1)}` });
}

/** "+84901234567" → "0901 234 567"; "+842838234567" → "028 3823 4567". */
export function formatPhone(e164: string): string {
  const m = /^\+84(\d+)$/.exec(e164);
  if (!m?.[1]) return e164;
  const n = `0${m[1]}`;
  if (n.length === 10) return `${n.slice(0, 4)} ${n.slice(4, 7)} ${n.slice(7)}`;
  if (n.length === 11) return `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`;
  return n;
}

/**
 * For logs: the prefix (network) and the last two digits.
 * @example maskPhone('+84901234567') // '+8490•••••67'
 */
export function maskPhone(e164: string): string {
  return e164.length < 8 ? '•'.repeat(e164.length) : e164.slice(0, 5) + '•'.repeat(e164.length - 7) + e164.slice(-2);
}

export const phoneField: FieldType<PhoneStep> = {
  parse(event): FieldResult {
    // A shared contact is parsed like typed text: Telegram sends "84901234567" or "+84901234567".
    const text = event.kind === 'text' ? event.text : event.kind === 'contact' ? event.phone : undefined;
    if (text === undefined) return fail('phone.format');
    const r = parsePhone(text);
    return r.ok ? { ok: true, value: r.e164 } : r;
  },

  display(value: Json): string {
    return typeof value === 'string' ? formatPhone(value) : JSON.stringify(value);
  },

  hint(_step: PhoneStep, locale: Locale): string {
    return t(locale, 'fields.phone.hint');
  },
};
