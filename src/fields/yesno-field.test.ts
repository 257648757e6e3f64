import { describe, expect, it } from 'vitest';
import { sharedCatalog } from '../i18n/locales.ts';
import { makeCtx, makeStep, text, valueOf } from './field-test-kit.ts';
import type { FieldResult } from './field-type.ts';
import { yesnoField } from './yesno-field.ts';

const step = makeStep('yesno');
const ctx = makeCtx();

describe('yesnoField', () => {
  it('takes taps and words', () => {
    expect(valueOf(yesnoField.parse({ kind: 'choice', value: 'yes' }, step, ctx))).toBe(true);
    expect(valueOf(yesnoField.parse({ kind: 'choice', value: 'no' }, step, ctx))).toBe(false);
    for (const s of ['có', 'co', 'ừ', 'dạ', 'vâng', 'ok', 'đúng rồi', 'có ạ']) expect(valueOf(yesnoField.parse(text(s), step, ctx)), s).toBe(true);
    for (const s of ['không', 'ko', 'k', 'hông', 'chưa', 'sai', 'dạ không', 'không có']) expect(valueOf(yesnoField.parse(text(s), step, ctx)), s).toBe(false);
  });

  it('asks again, with a text in both languages, when it is not a yes or a no', () => {
    for (const r of [yesnoField.parse(text('không biết'), step, ctx), yesnoField.parse({ kind: 'choice', value: 'maybe' }, step, ctx)] as FieldResult[]) {
      if (r.ok !== false) throw new Error('expected an error');
      for (const lang of ['vi', 'en'] as const) expect(sharedCatalog()[lang].has(r.error.key)).toBe(true);
    }
  });

  it('displays Có/Không', () => {
    expect(yesnoField.display(true, step, 'vi')).toBe('Có');
    expect(yesnoField.display(false, step, 'en')).toBe('No');
  });
});
