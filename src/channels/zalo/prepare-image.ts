/**
 * @module Image bytes → what zca-js needs to upload them: a format Zalo shows as a photo
 * (JPEG, PNG, WebP) and the width and height, read with sharp from the bytes themselves.
 * Handing zca-js a Buffer with this metadata means it never calls an image-metadata getter.
 */
import sharp, { type Metadata } from 'sharp';
import { MotcuaError } from '../../errors.ts';
import type { ZaloImage } from './zalo-port.ts';

const KEEP = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' } as const;

export async function prepareImage(data: Uint8Array): Promise<ZaloImage> {
  let meta: Metadata;
  try {
    meta = await sharp(data).metadata();
  } catch (e) {
    throw new MotcuaError('PHOTO_INVALID', 'outgoing image could not be decoded', {}, { cause: e });
  }
  const format = meta.format;
  if (format === 'jpeg' || format === 'png' || format === 'webp') {
    // Zalo lays the photo out from these numbers: use the size as displayed (EXIF rotation applied).
    const { width, height } = meta.autoOrient;
    return { data, mime: KEEP[format], width, height };
  }
  // GIF, SVG, TIFF, HEIF...: zca-js would send them as files, so re-encode as PNG.
  const { data: png, info } = await sharp(data).autoOrient().png().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(png), mime: 'image/png', width: info.width, height: info.height };
}
