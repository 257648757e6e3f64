/**
 * @module Full names ("nguyễn  văn AN" → "Nguyễn Văn An"): spacing normalised, each word
 * capitalised with its Vietnamese letters kept, at least a family and a given name.
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import type { FieldResult, FieldType, Json } from './field-type.ts';

type NameStep = Extract<Step, { type: 'name' }>;

export const NAME_MAX_LENGTH = 100;

// Latin script only: forms are filed in quốc ngữ, and foreign spouses' names are romanised too.
// Marks (\p{M}) are allowed because some keyboards send tones as combining characters NFC cannot merge.
const NAME_CHAR = /[\p{Script=Latin}\p{M}' -]/u;

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

/**
 * "h'hen" → "H'Hen", "jean-PIERRE" → "Jean-Pierre": a capital after each apostrophe and hyphen too (Ê Đê names, compound names).
 * The plain case mappings are Vietnamese's: Unicode tailors casing only for Turkish, Azeri and
 * Lithuanian (checked over every code point), and the locale-aware calls cost several times more.
 */
function capitalise(word: string): string {
  return word.toLowerCase().replace(/(^|['-])(\p{L})/gu, upperAfter);
}

function upperAfter(_m: string, sep: string, letter: string): string {
  return sep + letter.toUpperCase();
}

/** Tidies and capitalises a full name without validating it (also used to compare names). */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[‘’ʼ`´]/g, "'")
    .replace(/[‐‑–—]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .split(' ')
    .map(capitalise)
    .join(' ');
}

export const nameField: FieldType<NameStep> = {
  parse(event): FieldResult {
    if (event.kind !== 'text') return fail('name.expected');
    const name = normaliseName(event.text);
    if (/\p{N}/u.test(name)) return fail('name.digits');
    const bad = [...new Set([...name].filter((c) => !NAME_CHAR.test(c)))];
    if (bad.length > 0) return fail('name.chars', { chars: bad.join(' ') });
    const words = name === '' ? [] : name.split(' ');
    // A word of only apostrophes or hyphens is a typo, not a name part.
    const loose = words.filter((w) => !/\p{L}/u.test(w));
    if (loose.length > 0) return fail('name.chars', { chars: loose.join(' ') });
    if ([...name].length > NAME_MAX_LENGTH) return fail('name.tooLong', { max: NAME_MAX_LENGTH });
    if (words.length < 2) return fail('name.oneWord');
    return { ok: true, value: name };
  },

  display(value: Json): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  },

  hint(_step: NameStep, locale: Locale): string {
    return t(locale, 'fields.name.hint');
  },
};
