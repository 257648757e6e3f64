/**
 * @module Test helpers for the field types (imported by `*.test.ts` only): a FieldContext with an
 * in-memory media store, steps with their schema defaults, and a check that an error renders.
 */
import { expect } from 'vitest';
import type { InboundEvent, Locale } from '../channels/channel.ts';
import { StepSchema, type Step, type StepType } from '../flows/flow-schema.ts';
import { sharedCatalog, translator } from '../i18n/locales.ts';
import type { MediaStore, StoredMedia } from '../media/media-store.ts';
import { DEFAULT_PHOTO_LIMITS, type FieldContext, type FieldResult, type Json } from './field-type.ts';

/** 17:00 in Hà Nội on 28 November 2026. */
export const NOW = new Date('2026-11-28T10:00:00Z');

export class MemoryMedia implements MediaStore {
  readonly files = new Map<string, { data: Uint8Array; mime: string }>();
  private next = 0;

  async put(data: Uint8Array, mime: string): Promise<StoredMedia> {
    const id = `m${String(++this.next).padStart(22, '0')}`;
    this.files.set(id, { data, mime });
    return { id, mime, bytes: data.byteLength };
  }

  async get(id: string): Promise<{ data: Uint8Array; mime: string } | null> {
    return this.files.get(id) ?? null;
  }

  async delete(id: string): Promise<void> {
    this.files.delete(id);
  }
}

export function makeCtx(over: Partial<FieldContext> = {}): FieldContext & { media: MemoryMedia } {
  return { locale: 'vi', now: NOW, answers: {}, steps: [], photoLimits: DEFAULT_PHOTO_LIMITS, ...over, media: new MemoryMedia() };
}

function isType<T extends StepType>(s: Step, type: T): s is Extract<Step, { type: T }> {
  return s.type === type;
}

/** A step as a flow file would give it, schema defaults filled in. */
export function makeStep<T extends StepType>(type: T, extra: Record<string, unknown> = {}): Extract<Step, { type: T }> {
  const s = StepSchema.parse({ id: 'answer', type, ask: { vi: 'Hỏi?', en: 'Ask?' }, label: { vi: 'Nhãn', en: 'Label' }, ...extra });
  if (!isType(s, type)) throw new Error(`schema returned a ${s.type} step`);
  return s;
}

export const text = (t: string): InboundEvent => ({ kind: 'text', text: t });

type MaybeAsync = FieldResult | Promise<FieldResult>;

/** Synchronous field types return a plain result; a promise here means the test forgot to await. */
function settled(r: MaybeAsync): FieldResult {
  if (r instanceof Promise) throw new Error('got a promise: await the parse result first');
  return r;
}

export function valueOf(result: MaybeAsync): Json {
  const r = settled(result);
  if (r.ok !== true) throw new Error(`expected a value, got ${JSON.stringify(r)}`);
  return r.value;
}

export function errorKey(result: MaybeAsync): string {
  const r = settled(result);
  if (r.ok !== false) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  return r.error.key;
}

const t = translator();

/**
 * Renders a failed result in both languages and checks the text exists in each and every
 * placeholder was filled; returns the text in `locale`.
 */
export function rendered(result: MaybeAsync, locale: Locale = 'vi'): string {
  const r = settled(result);
  if (r.ok !== false) throw new Error(`expected an error, got ${JSON.stringify(r)}`);
  const key = `fields.${r.error.key}`;
  const out: Record<Locale, string> = { vi: '', en: '' };
  for (const lang of ['vi', 'en'] as const) {
    expect(sharedCatalog()[lang].has(key), `${lang}: ${key} is missing`).toBe(true);
    out[lang] = t(lang, key, r.error.params);
    expect(out[lang], `${lang}: ${key} has an unfilled placeholder`).not.toMatch(/\{\w+\}/);
  }
  return out[locale];
}
