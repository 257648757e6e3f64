/**
 * @module Photos of documents: size-checked before download, decoded by content (JPEG, PNG, WebP
 * only), rotated upright, resized, re-encoded as JPEG without metadata, stored; the value is the media id.
 */
import sharp from 'sharp';
import type { InboundEvent, Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { isMotcuaError } from '../errors.ts';
import { t } from '../i18n/locales.ts';
import type { FieldContext, FieldResult, FieldType, Json } from './field-type.ts';

type PhotoStep = Extract<Step, { type: 'photo' }>;

/** What the first bytes say a file is — never the name or the declared type, which clients get wrong. */
export type SniffedKind = 'jpeg' | 'png' | 'webp' | 'pdf' | 'heic' | 'avif' | 'gif' | 'tiff' | 'bmp' | 'document' | 'text' | 'unknown';

const ACCEPTED = new Set<SniffedKind>(['jpeg', 'png', 'webp']);
const JPEG_QUALITY = 85;

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

function startsWith(data: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  return bytes.every((b, i) => data[offset + i] === b);
}

function ascii(data: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...data.subarray(from, to));
}

export function sniffImage(data: Uint8Array): SniffedKind {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return 'webp';
  if (ascii(data, 0, 5) === '%PDF-') return 'pdf';
  if (ascii(data, 4, 8) === 'ftyp') {
    // ISO-BMFF brands: iPhones send HEIC ("heic", "mif1"...); AVIF is the same container with AV1.
    const brands = ascii(data, 8, Math.min(data.length, 40));
    if (/avi[fs]/.test(brands)) return 'avif';
    if (/hei[cxms]|hev[cxms]|mif1|msf1/.test(brands)) return 'heic';
    return 'unknown';
  }
  if (ascii(data, 0, 4) === 'GIF8') return 'gif';
  if (startsWith(data, [0x49, 0x49, 0x2a, 0x00]) || startsWith(data, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (ascii(data, 0, 2) === 'BM') return 'bmp';
  // Office files (docx, xlsx) are zip archives; old .doc/.xls are OLE compound files.
  if (startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0xd0, 0xcf, 0x11, 0xe0])) return 'document';
  const head = data.subarray(0, 512);
  if (head.length > 0 && !head.includes(0) && isUtf8(head)) return 'text';
  return 'unknown';
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    // A multi-byte character cut at 512 bytes is still text; only invalid sequences elsewhere are not.
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, bytes.length - 3));
      return true;
    } catch {
      return false;
    }
  }
}

/** Each kind we refuse gets its own explanation: "send it as a photo" helps more than "invalid file". */
function refusal(kind: SniffedKind): FieldResult {
  switch (kind) {
    case 'pdf':
      return fail('photo.pdf');
    case 'heic':
      return fail('photo.heic');
    case 'avif':
    case 'gif':
    case 'tiff':
    case 'bmp':
      return fail('photo.format', { format: kind.toUpperCase() });
    case 'document':
    case 'text':
      return fail('photo.notImage');
    default:
      return fail('photo.corrupt');
  }
}

function megabytes(bytes: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US', { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024));
}

async function download(event: Extract<InboundEvent, { kind: 'photo' }>, ctx: FieldContext): Promise<Uint8Array | FieldResult> {
  const { maxBytes } = ctx.photoLimits;
  const tooLarge = fail('photo.tooLarge', { maxMb: megabytes(maxBytes, ctx.locale) });
  // Check the declared size first: no point downloading 50 MB to refuse it.
  if (event.media.size !== undefined && event.media.size > maxBytes) return tooLarge;
  try {
    const data = await event.media.fetch(maxBytes);
    return data.length > maxBytes ? tooLarge : data;
  } catch (e) {
    if (isMotcuaError(e, 'PHOTO_TOO_LARGE')) return tooLarge;
    // Network or platform trouble: the citizen can simply send it again. Not logged: the error may carry the file URL.
    return fail('photo.fetchFailed');
  }
}

/** Decodes, checks and re-encodes; the output is an upright JPEG no larger than maxSide, with no EXIF/GPS/XMP. */
export async function normalisePhoto(data: Uint8Array, ctx: Pick<FieldContext, 'photoLimits'>): Promise<Buffer | FieldResult> {
  const { maxPixels, minSide, maxSide } = ctx.photoLimits;
  const kind = sniffImage(data);
  if (!ACCEPTED.has(kind)) return refusal(kind);
  // failOn 'error': a truncated or broken file is refused (a half-grey ID card is useless), mere warnings are not.
  const options = { limitInputPixels: maxPixels, failOn: 'error' as const };
  let width: number;
  let height: number;
  try {
    const meta = await sharp(data, options).metadata();
    if (meta.format !== kind) return fail('photo.corrupt');
    ({ width, height } = meta);
  } catch (e) {
    return decodeFailure(e, maxPixels);
  }
  if (width * height > maxPixels) return fail('photo.tooManyPixels', { maxMp: Math.floor(maxPixels / 1_000_000) });
  if (Math.min(width, height) < minSide) return fail('photo.tooSmall', { width, height, minSide });
  try {
    return await sharp(data, options)
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true })
      // Transparent PNG areas would turn black in a JPEG; paper is white.
      .flatten({ background: '#ffffff' })
      // No withMetadata()/keepExif(): sharp then writes no EXIF, GPS, XMP or IPTC at all.
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
  } catch (e) {
    return decodeFailure(e, maxPixels);
  }
}

function decodeFailure(e: unknown, maxPixels: number): FieldResult {
  if (e instanceof Error && /pixel limit/i.test(e.message)) return fail('photo.tooManyPixels', { maxMp: Math.floor(maxPixels / 1_000_000) });
  return fail('photo.corrupt');
}

function isResult(x: Uint8Array | FieldResult): x is FieldResult {
  return !(x instanceof Uint8Array);
}

export const photoField: FieldType<PhotoStep> = {
  async parse(event, _step, ctx): Promise<FieldResult> {
    if (event.kind !== 'photo') return fail('photo.expected');
    const data = await download(event, ctx);
    if (isResult(data)) return data;
    const jpeg = await normalisePhoto(data, ctx);
    if (isResult(jpeg)) return jpeg;
    const stored = await ctx.media.put(jpeg, 'image/jpeg');
    return { ok: true, value: stored.id };
  },

  /** "1 ảnh", "3 ảnh": the summary names no file, only how many were sent. */
  display(value: Json, _step: PhotoStep, locale: Locale): string {
    const count = Array.isArray(value) ? value.length : typeof value === 'string' ? 1 : 0;
    return t(locale, count === 1 ? 'fields.photo.one' : 'fields.photo.many', { count });
  },

  /** How to take it; how many to send is the engine's line (it tracks the progress). */
  hint(_step: PhotoStep, locale: Locale): string {
    return t(locale, 'fields.photo.hint');
  },
};
