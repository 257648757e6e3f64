import { describe, expect, it } from 'vitest';
import { sharedCatalog, translator } from '../i18n/locales.ts';
import { choiceField } from './choice-field.ts';
import { makeCtx, makeStep, text, valueOf } from './field-test-kit.ts';
import type { FieldResult } from './field-type.ts';

const OPTIONS = [
  { value: 'male', label: { vi: 'Nam', en: 'Male' }, synonyms: ['con trai'] },
  { value: 'female', label: { vi: 'Nữ', en: 'Female' }, synonyms: ['con gái'] },
];
const single = makeStep('choice', { options: OPTIONS });
const multi = makeStep('choice', {
  multiple: true,
  maxSelected: 2,
  options: [
    { value: 'rubbish', label: { vi: 'Rác thải', en: 'Rubbish' } },
    { value: 'noise', label: { vi: 'Tiếng ồn', en: 'Noise' } },
    { value: 'sidewalk', label: { vi: 'Lấn chiếm vỉa hè', en: 'Sidewalk' } },
  ],
});
const ctx = makeCtx();
const t = translator();

/** Errors of these fields live under `nlu.`; the engine renders such keys verbatim. */
function renderedNlu(r: FieldResult): string {
  if (r.ok !== false) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  expect(r.error.key.startsWith('nlu.')).toBe(true);
  for (const lang of ['vi', 'en'] as const) {
    expect(sharedCatalog()[lang].has(r.error.key), `${lang}: ${r.error.key}`).toBe(true);
    expect(t(lang, r.error.key, r.error.params)).not.toMatch(/\{\w+\}/);
  }
  return t('vi', r.error.key, r.error.params);
}

describe('choiceField', () => {
  it('takes a tap, a number, a label or a synonym', () => {
    expect(valueOf(choiceField.parse({ kind: 'choice', value: 'female' }, single, ctx))).toBe('female');
    for (const s of ['2', 'nữ', 'nu', 'con gái', 'Female']) expect(valueOf(choiceField.parse(text(s), single, ctx)), s).toBe('female');
  });

  it('stores several values, in the options order, within the bounds', () => {
    expect(valueOf(choiceField.parse(text('3, 1'), multi, ctx))).toEqual(['rubbish', 'sidewalk']);
    expect(valueOf(choiceField.parse(text('rác và tiếng ồn'), multi, ctx))).toEqual(['rubbish', 'noise']);
    expect(renderedNlu(choiceField.parse(text('1, 2, 3'), multi, ctx) as FieldResult)).toContain('tối đa 2');
  });

  it('asks again with the close options when an answer fits two', () => {
    const r = choiceField.parse(text('1, 2'), single, ctx) as FieldResult;
    expect(r).toEqual({ ok: 'clarify', question: { key: 'nlu.choice.which_one' }, candidates: [{ label: 'Nam', value: 'male' }, { label: 'Nữ', value: 'female' }] });
  });

  it('explains with the numbered options when nothing fits', () => {
    const msg = renderedNlu(choiceField.parse(text('xyz'), single, ctx) as FieldResult);
    expect(msg).toContain('1. Nam');
    expect(msg).toContain('2. Nữ');
    renderedNlu(choiceField.parse({ kind: 'choice', value: 'other' }, single, ctx) as FieldResult);
    renderedNlu(choiceField.parse({ kind: 'location', lat: 10, lng: 106 }, single, ctx) as FieldResult);
  });

  it('displays labels in the reader\'s language', () => {
    expect(choiceField.display('female', single, 'vi')).toBe('Nữ');
    expect(choiceField.display(['rubbish', 'noise'], multi, 'en')).toBe('Rubbish, Noise');
  });
});
