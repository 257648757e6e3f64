/**
 * @module What an action's form must carry, checked on the server (the browser's `required`
 * is only a convenience): a rejection's reason, a supplement's steps (at least one, each a
 * step of this dossier's procedure) and message, the result's pick-up place and hours or the
 * postal address. Texts are trimmed and bounded.
 */
import type { Dossier } from '../../dossiers/dossier.ts';
import type { CompiledFlow } from '../../flows/compile-flow.ts';
import type { ConsoleContext, FormBody } from '../console-module.ts';
import { vnToday } from '../format.ts';
import { supplementChoices } from './answer-rows.ts';
import type { ConsoleAction } from './dossier-service-port.ts';
import { composeResultNote, ResultFormSchema } from './result-note.ts';

export type ActionInput = { kind: 'transition'; note?: string } | { kind: 'supplement'; steps: string[]; message: string } | { error: string };

const MAX_TEXT = 1000;

function text(v: string | string[] | undefined): string {
  const s = Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  return s.replace(/\r\n?/g, '\n').trim();
}

export function parseActionForm(action: ConsoleAction, form: FormBody, d: Dossier, opts: { flow: CompiledFlow | undefined; ctx: ConsoleContext }): ActionInput {
  const { ctx } = opts;
  const note = text(form.note);
  if (note.length > MAX_TEXT) return { error: ctx.t('action.too_long', { max: MAX_TEXT }) };
  switch (action) {
    case 'receive':
    case 'process':
    case 'complete':
      return { kind: 'transition', ...(note ? { note } : {}) };
    case 'reject':
      return note ? { kind: 'transition', note } : { error: ctx.t('action.reject.need_reason') };
    case 'result_ready': {
      const r = ResultFormSchema.safeParse({ method: form.method, place: form.place, hours: form.hours, address: form.address, note: form.note });
      if (!r.success) return { error: ctx.t('action.result_ready.need_method') };
      // The citizen reads the note: compose it in the language they chose in chat.
      const locale = d.notify[0]?.locale ?? 'vi';
      const composed = composeResultNote(r.data, ctx.tIn, locale);
      return 'missing' in composed ? { error: ctx.t(composed.missing) } : { kind: 'transition', note: composed.note };
    }
    case 'request_supplement': {
      const raw = form.steps;
      const steps = [...new Set(Array.isArray(raw) ? raw : raw ? [raw] : [])];
      const message = text(form.message);
      if (steps.length === 0) return { error: ctx.t('action.request_supplement.need_steps') };
      const known = new Set(supplementChoices(d, opts.flow, vnToday(ctx.now), ctx.locale).map((s) => s.id));
      if (steps.some((s) => !known.has(s))) return { error: ctx.t('action.request_supplement.unknown_step') };
      if (!message) return { error: ctx.t('action.request_supplement.need_message') };
      if (message.length > MAX_TEXT) return { error: ctx.t('action.too_long', { max: MAX_TEXT }) };
      return { kind: 'supplement', steps, message };
    }
  }
}
