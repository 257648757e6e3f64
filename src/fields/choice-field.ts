/**
 * @module Choice answers: a tapped option, or free text matched by number, label, synonym,
 * folded or fuzzily (src/nlu/match-choice.ts). A single choice stores the option's value,
 * a multiple choice the list of values. An answer that fits two options about equally is
 * not guessed: the engine shows the close ones and asks again (`clarify`).
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { pick } from '../i18n/text.ts';
import { matchChoice } from '../nlu/match-choice.ts';
import type { FieldResult, FieldType, Json } from './field-type.ts';

type ChoiceStep = Extract<Step, { type: 'choice' }>;

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

function numbered(step: ChoiceStep, locale: Locale): string {
  return step.options.map((o, i) => `${i + 1}. ${pick(o.label, locale)}`).join('\n');
}

function accept(step: ChoiceStep, values: string[]): FieldResult {
  if (!step.multiple) return { ok: true, value: values[0]! };
  // Keep the options' order: the summary reads the same whatever order they were typed in.
  const ordered = step.options.map((o) => o.value).filter((v) => values.includes(v));
  if (ordered.length < step.minSelected) return fail('nlu.choice.too_few', { min: step.minSelected });
  if (step.maxSelected !== undefined && ordered.length > step.maxSelected) return fail('nlu.choice.too_many', { max: step.maxSelected });
  return { ok: true, value: ordered };
}

export const choiceField: FieldType<ChoiceStep> = {
  parse(event, step, ctx): FieldResult {
    if (event.kind === 'choice') {
      // A button carries one value; a web client may send several, comma-separated.
      const values = event.value.split(',').map((v) => v.trim());
      if (values.length === 0 || !values.every((v) => step.options.some((o) => o.value === v))) return fail('nlu.choice.not_text');
      if (!step.multiple && values.length > 1) return fail('nlu.choice.too_many', { max: 1 });
      return accept(step, values);
    }
    if (event.kind !== 'text') return fail('nlu.choice.not_text');
    const m = matchChoice(event.text, step.options, ctx.locale, { multiple: step.multiple });
    if (m.kind === 'match') return accept(step, m.values);
    if (m.kind === 'ambiguous') {
      return {
        ok: 'clarify',
        question: { key: 'nlu.choice.which_one' },
        candidates: step.options
          .filter((o) => m.values.includes(o.value))
          .map((o) => ({ label: pick(o.label, ctx.locale), value: step.multiple ? [o.value] : o.value })),
      };
    }
    return fail('nlu.choice.not_understood', { options: numbered(step, ctx.locale), count: step.options.length });
  },

  display(value: Json, step: ChoiceStep, locale: Locale): string {
    const label = (v: Json): string => {
      const o = step.options.find((x) => x.value === v);
      return o ? pick(o.label, locale) : String(v);
    };
    return Array.isArray(value) ? value.map(label).join(', ') : label(value);
  },
};
