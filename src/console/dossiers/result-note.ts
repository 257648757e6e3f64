/**
 * @module "Result ready": the official fills in where and when to collect the result, or that
 * it goes by post; the note the citizen receives is composed from it, in the citizen's language.
 */
import { z } from 'zod';
import type { Locale } from '../../channels/channel.ts';

const field = (max: number) => z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : undefined), z.string().max(max).optional());

export const ResultFormSchema = z.object({
  method: z.enum(['pickup', 'post']),
  place: field(300),
  hours: field(200),
  address: field(300),
  note: field(1000),
});
export type ResultForm = z.infer<typeof ResultFormSchema>;

/** The note, or the key of the console text saying what is missing. */
export function composeResultNote(form: ResultForm, tIn: (locale: Locale, key: string, params?: Record<string, string>) => string, locale: Locale): { note: string } | { missing: string } {
  const extra = form.note ? ` ${form.note}` : '';
  if (form.method === 'pickup') {
    if (!form.place || !form.hours) return { missing: 'action.result_ready.need_place' };
    return { note: `${tIn(locale, 'result_note.pickup', { place: form.place, hours: form.hours })}${extra}` };
  }
  if (!form.address) return { missing: 'action.result_ready.need_address' };
  return { note: `${tIn(locale, 'result_note.post', { address: form.address })}${extra}` };
}
