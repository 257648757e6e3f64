/**
 * @module What every field type implements: parse one inbound event into a JSON value
 * for the step, or a specific, friendly error; and show a stored value in a summary.
 */
import type { InboundEvent, Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import type { MediaStore } from '../media/media-store.ts';

/** Answers are plain JSON: they live in xstate context and in Redis. */
export type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

export interface PhotoLimits {
  /** Largest file accepted before decoding. */
  maxBytes: number;
  /** Largest decoded image (width × height); protects against decompression bombs. */
  maxPixels: number;
  /** Shortest side a document photo must have to be legible. */
  minSide: number;
  /** Longest side kept after re-encoding. */
  maxSide: number;
}

export const DEFAULT_PHOTO_LIMITS: PhotoLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000,
  minSide: 200,
  maxSide: 2560,
};

export interface FieldContext {
  locale: Locale;
  /** "Now", injectable for tests. Dates are compared in Vietnam's time zone (UTC+7). */
  now: Date;
  /** Earlier answers of this procedure, by step id (e.g. a date of birth for a CCCD check). */
  answers: Readonly<Record<string, Json | undefined>>;
  /** All steps of the flow, for cross-field checks (cccd → its sex step's options). */
  steps: readonly Step[];
  media: MediaStore;
  photoLimits: PhotoLimits;
}

/**
 * A parse failure (or a note shown with an accepted answer, such as "Phường 12, quận Gò Vấp
 * cũ nay thuộc phường An Hội Tây") names a text in `locales/<lang>/fields.yaml` (`fields.<key>`) and its
 * parameters; the engine renders it, then asks the same question again.
 */
export interface FieldError {
  key: string;
  params?: Record<string, string | number>;
}

/**
 * `clarify`: the answer fits several values (e.g. "Bình Thạnh" → three wards); the engine
 * shows `question` with the candidates as choices and takes the next reply — a tap, a
 * number or a label — as the answer, without leaving the step.
 */
export type FieldResult =
  | { ok: true; value: Json; note?: FieldError }
  | { ok: false; error: FieldError }
  | { ok: 'clarify'; question: FieldError; candidates: { label: string; value: Json }[] };

export interface FieldType<S extends Step = Step> {
  parse(event: InboundEvent, step: S, ctx: FieldContext): FieldResult | Promise<FieldResult>;
  /** The stored value as a citizen reads it in the summary ("05/03/1990", "0901 234 567"). */
  display(value: Json, step: S, locale: Locale): string;
  /** A format hint appended to the question ("Ví dụ: 05/03/1990"), or undefined. */
  hint?(step: S, locale: Locale): string | undefined;
}
