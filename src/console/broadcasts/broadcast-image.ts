/**
 * @module The broadcast's optional image, uploaded in the composer: checked by its content
 * (JPEG, PNG or WebP — never by name or declared type), decoded, re-encoded as JPEG without
 * any metadata (EXIF, GPS), then kept in the MediaStore; the draft only carries its id. The
 * same checks and re-encoding as citizens' photos (src/fields/photo-field.ts).
 */
import { normalisePhoto } from '../../fields/photo-field.ts';
import type { PhotoLimits } from '../../fields/field-type.ts';
import type { MediaStore } from '../../media/media-store.ts';
import type { FieldProblem } from './compose-values.ts';

export type ImageResult = { ok: true; imageId: string } | { ok: false; problem: FieldProblem };

/** Refusals the photo checks can give, each with its own console text. */
const KNOWN = new Set(['pdf', 'heic', 'format', 'notImage', 'corrupt', 'tooManyPixels', 'tooSmall']);

function megabytes(bytes: number): string {
  return String(Math.round((bytes / (1024 * 1024)) * 10) / 10);
}

export async function storeBroadcastImage(data: Uint8Array, limits: PhotoLimits, media: MediaStore): Promise<ImageResult> {
  if (data.length > limits.maxBytes) return { ok: false, problem: { field: 'image', key: 'broadcasts.image.tooLarge', params: { maxMb: megabytes(limits.maxBytes) } } };
  const jpeg = await normalisePhoto(data, { photoLimits: limits });
  if (!(jpeg instanceof Uint8Array)) {
    const error = jpeg.ok === false ? jpeg.error : undefined;
    const key = error ? error.key.replace(/^photo\./, '') : 'corrupt';
    const params = error?.params;
    return { ok: false, problem: { field: 'image', key: `broadcasts.image.${KNOWN.has(key) ? key : 'corrupt'}`, ...(params ? { params } : {}) } };
  }
  const stored = await media.put(jpeg, 'image/jpeg');
  return { ok: true, imageId: stored.id };
}
