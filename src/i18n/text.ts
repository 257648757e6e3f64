/** @module A text in both languages, as flows and locales carry it. */
import { z } from 'zod';
import type { Locale } from '../channels/channel.ts';

export const LOCALES = ['vi', 'en'] as const satisfies readonly Locale[];

export const TextSchema = z.strictObject({
  vi: z.string().trim().min(1, 'the Vietnamese text is missing'),
  en: z.string().trim().min(1, 'the English text is missing'),
});
export type Text = z.infer<typeof TextSchema>;

/** Picks the text for `locale`, filling `{name}` placeholders from `params`. */
export function pick(text: Text, locale: Locale, params?: Record<string, string | number>): string {
  return params ? fill(text[locale], params) : text[locale];
}

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
