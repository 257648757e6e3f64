/**
 * @module Yes/no answers: a tapped button ("yes"/"no") or any usual way of saying it
 * ("có", "ừ", "dạ", "ok", "không", "ko", "chưa", "dạ không"...; src/nlu/yes-no.ts). Stored as a boolean.
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import { echoYesNo } from '../nlu/echo-yes-no.ts';
import { parseYesNo } from '../nlu/yes-no.ts';
import type { FieldResult, FieldType, Json } from './field-type.ts';

type YesNoStep = Extract<Step, { type: 'yesno' }>;

const TAPPED: Record<string, boolean> = { yes: true, no: false, true: true, false: false };

function questionTexts(step: YesNoStep): string[] {
  const ask = 'self' in step.ask ? [step.ask.self, step.ask.proxy] : [step.ask];
  return ask.flatMap((a) => [a.vi, a.en]);
}

export const yesnoField: FieldType<YesNoStep> = {
  parse(event, step): FieldResult {
    if (event.kind === 'choice') {
      const v = TAPPED[event.value];
      return v === undefined ? { ok: false, error: { key: 'nlu.yesno.not_text' } } : { ok: true, value: v };
    }
    if (event.kind !== 'text') return { ok: false, error: { key: 'nlu.yesno.not_text' } };
    const v = parseYesNo(event.text) ?? echoYesNo(event.text, questionTexts(step));
    return v === null ? { ok: false, error: { key: 'nlu.yesno.not_understood' } } : { ok: true, value: v };
  },

  display(value: Json, _step: YesNoStep, locale: Locale): string {
    return t(locale, value === true ? 'nlu.yesno.yes' : 'nlu.yesno.no');
  },
};
