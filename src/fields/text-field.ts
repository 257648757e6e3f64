/** @module Free text answers (a description, a reason): trimmed and within the step's length bounds. */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import type { FieldResult, FieldType, Json } from './field-type.ts';

type TextStep = Extract<Step, { type: 'text' }>;

/** Hints only for short limits: a long limit is never in the way, so it is not worth a line. */
const HINT_BELOW = 200;

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

/** Inner spaces and tabs collapse, line breaks stay: a description may have paragraphs. */
function tidyText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export const textField: FieldType<TextStep> = {
  parse(event, step): FieldResult {
    if (event.kind !== 'text') return fail('text.expected');
    const text = tidyText(event.text);
    // Count code points, not UTF-16 units, so an emoji counts as one character as the citizen sees it.
    const count = [...text].length;
    if (count < step.minLength) return fail('text.tooShort', { min: step.minLength });
    if (count > step.maxLength) return fail('text.tooLong', { max: step.maxLength, count });
    return { ok: true, value: text };
  },

  display(value: Json): string {
    return typeof value === 'string' ? value : JSON.stringify(value);
  },

  hint(step: TextStep, locale: Locale): string | undefined {
    return step.maxLength < HINT_BELOW ? t(locale, 'fields.text.hint', { max: step.maxLength }) : undefined;
  },
};
