/**
 * @module The 12-digit personal ID number (CCCD): province code, century/sex digit and birth
 * year checked against the date of birth and sex already answered (domain.md).
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import { isCccdProvince } from './cccd-provinces.ts';
import { vnToday } from './date-field.ts';
import type { FieldContext, FieldResult, FieldType, Json } from './field-type.ts';

type CccdStep = Extract<Step, { type: 'cccd' }>;

/** What the 12 digits say about their holder. */
export interface CccdInfo {
  province: string;
  birthYear: number;
  sex: 'male' | 'female';
}

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

/**
 * Digit 4 is century and sex: 0/1 born in the 1900s, 2/3 the 2000s, 4/5 the 2100s ...;
 * even is male, odd is female. Digits 5–6 are the last two digits of the birth year.
 */
export function decodeCccd(digits: string): CccdInfo {
  const code = Number(digits[3]);
  return {
    province: digits.slice(0, 3),
    birthYear: 1900 + Math.floor(code / 2) * 100 + Number(digits.slice(4, 6)),
    sex: code % 2 === 0 ? 'male' : 'female',
  };
}

/**
 * For logs and officials' lists: the province code and the last three digits stay; digit 4
 * (sex) and digits 5–6 (birth year) are personal data, so they are hidden with the rest.
 * @example maskCccd('079090001234') // '079••••••234'
 */
export function maskCccd(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length !== 12) return '•'.repeat(digits.length);
  return digits.slice(0, 3) + '•'.repeat(digits.length - 6) + digits.slice(-3);
}

function answeredSex(step: CccdStep, ctx: FieldContext): 'male' | 'female' | undefined {
  if (!step.sexField) return undefined;
  const v = ctx.answers[step.sexField];
  if (v === step.sexValues.male) return 'male';
  if (v === step.sexValues.female) return 'female';
  return undefined;
}

function answeredBirthYear(step: CccdStep, ctx: FieldContext): number | undefined {
  if (!step.dobField) return undefined;
  const v = ctx.answers[step.dobField];
  const m = typeof v === 'string' ? /^(\d{4})-\d{2}-\d{2}$/.exec(v) : null;
  return m ? Number(m[1]) : undefined;
}

export const cccdField: FieldType<CccdStep> = {
  parse(event, step, ctx): FieldResult {
    if (event.kind !== 'text') return fail('cccd.format');
    // Spaces, dots and dashes are how people group long numbers ("079 090 001 234").
    const digits = event.text.normalize('NFKC').replace(/[\s.\-_–]/g, '');
    if (!/^\d+$/.test(digits)) return fail('cccd.format');
    if (digits.length === 9) return fail('cccd.oldCmnd');
    if (digits.length !== 12) return fail('cccd.length', { count: digits.length });
    const info = decodeCccd(digits);
    if (!isCccdProvince(info.province)) return fail('cccd.province', { code: info.province });
    const currentYear = Number(vnToday(ctx.now).slice(0, 4));
    if (info.birthYear > currentYear) return fail('cccd.futureYear', { year: info.birthYear });
    const dobYear = answeredBirthYear(step, ctx);
    if (dobYear !== undefined && dobYear !== info.birthYear) {
      return fail('cccd.yearMismatch', { cccdYear: info.birthYear, dobYear });
    }
    const sex = answeredSex(step, ctx);
    if (sex !== undefined && sex !== info.sex) {
      return fail(info.sex === 'male' ? 'cccd.sexMismatchMale' : 'cccd.sexMismatchFemale');
    }
    return { ok: true, value: digits };
  },

  /** In full, as printed on the card: the citizen checks their own summary against it. */
  display(value: Json): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  },

  hint(_step: CccdStep, locale: Locale): string {
    return t(locale, 'fields.cccd.hint');
  },
};
