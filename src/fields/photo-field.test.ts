import sharp, { type Sharp } from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import type { InboundEvent, MediaRef } from '../channels/channel.ts';
import { MotcuaError } from '../errors.ts';
import { DEFAULT_PHOTO_LIMITS } from './field-type.ts';
import { photoField, sniffImage } from './photo-field.ts';
import { errorKey, makeCtx, makeStep, rendered, text, valueOf } from './field-test-kit.ts';

const step = makeStep('photo');

function photo(data: Uint8Array, over: Partial<MediaRef> = {}): InboundEvent & { kind: 'photo' } {
  return { kind: 'photo', media: { id: 'f1', fetch: async () => data, ...over } };
}

const blank = (width: number, height: number, channels: 3 | 4 = 3): Sharp =>
  sharp({ create: { width, height, channels, background: channels === 4 ? { r: 0, g: 0, b: 0, alpha: 0 } : '#336699' } });

/** Tag ids in the first IFD of a "Exif\0\0"-prefixed TIFF block (0x8825 = GPS IFD pointer). */
function exifTags(exif: Buffer): number[] {
  const tiff = exif.subarray(6);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number): number => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number): number => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  return Array.from({ length: u16(ifd) }, (_, i) => u16(ifd + 2 + i * 12));
}

// A 1200×800 phone photo taken sideways (orientation 6 = rotate 90° clockwise to view) with GPS.
const jpegWithGps = await blank(1200, 800)
  .jpeg()
  .withMetadata({ orientation: 6 })
  .withExifMerge({ IFD0: { Make: 'PhoneCo', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 46/1 21/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 41/1 53/1' } })
  .toBuffer();
const png = await blank(600, 400, 4).png().toBuffer();
const webp = await blank(640, 480).webp().toBuffer();
const tiny = await blank(50, 50).jpeg().toBuffer();
const huge = await blank(4000, 3000).jpeg().toBuffer();
const gif = await blank(300, 300).gif().toBuffer();
const avif = await blank(300, 300).avif().toBuffer();
const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
// An ISO-BMFF "ftyp" box with the brands an iPhone writes.
const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.alloc(64)]);
const textFile = Buffer.from('Họ tên: Nguyễn Văn An\nSố CCCD: ...\n');
const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
// Deterministic noise, with zero bytes so it cannot pass for text.
const noise = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + ((i * i) % 251)) % 256));
const truncated = jpegWithGps.subarray(0, Math.floor(jpegWithGps.length / 2));

describe('photoField', () => {
  it('rotates by EXIF, strips EXIF and GPS, re-encodes as JPEG and stores it', async () => {
    const before = await sharp(jpegWithGps).metadata();
    // The fixture really carries what we strip: otherwise this test could not fail.
    expect(before.orientation).toBe(6);
    expect(exifTags(before.exif ?? Buffer.alloc(0))).toContain(0x8825);

    const ctx = makeCtx();
    const id = valueOf(await photoField.parse(photo(jpegWithGps, { mime: 'image/jpeg' }), step, ctx));
    if (typeof id !== 'string') throw new Error('the value is a media id');
    const stored = await ctx.media.get(id);
    expect(stored?.mime).toBe('image/jpeg');
    const out = Buffer.from(stored?.data ?? []);
    const after = await sharp(out).metadata();
    expect(after.format).toBe('jpeg');
    expect([after.width, after.height]).toEqual([800, 1200]);
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(out.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(out.includes(Buffer.from('PhoneCo'))).toBe(false);
  });

  it.each([
    ['PNG with transparency', png, 600, 400],
    ['WebP', webp, 640, 480],
  ])('accepts %s and stores a JPEG', async (_name, data, width, height) => {
    const ctx = makeCtx();
    const id = valueOf(await photoField.parse(photo(data), step, ctx));
    const stored = await ctx.media.get(String(id));
    const meta = await sharp(Buffer.from(stored?.data ?? [])).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', width, height]);
    expect(meta.hasAlpha).toBe(false);
  });

  it('flattens transparency onto white, not black', async () => {
    const ctx = makeCtx();
    const id = valueOf(await photoField.parse(photo(png), step, ctx));
    const { data } = await sharp(Buffer.from((await ctx.media.get(String(id)))?.data ?? [])).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(240);
  });

  it('shrinks a large photo to fit maxSide', async () => {
    const ctx = makeCtx();
    const id = valueOf(await photoField.parse(photo(huge), step, ctx));
    const meta = await sharp(Buffer.from((await ctx.media.get(String(id)))?.data ?? [])).metadata();
    expect([meta.width, meta.height]).toEqual([2560, 1920]);
  });

  it('trusts the bytes, not the declared type or name', async () => {
    const ctx = makeCtx();
    valueOf(await photoField.parse(photo(jpegWithGps, { mime: 'application/pdf', fileName: 'scan.pdf' }), step, ctx));
    expect(errorKey(await photoField.parse(photo(pdf, { mime: 'image/jpeg', fileName: 'cccd.jpg' }), step, ctx))).toBe('photo.pdf');
  });

  it('refuses a photo whose declared size is too large, without downloading it', async () => {
    const fetch = vi.fn(async () => jpegWithGps);
    const r = await photoField.parse(photo(jpegWithGps, { size: DEFAULT_PHOTO_LIMITS.maxBytes + 1, fetch }), step, makeCtx());
    expect(errorKey(r)).toBe('photo.tooLarge');
    expect(rendered(r)).toContain('10 MB');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('passes maxBytes to the download and maps its refusal', async () => {
    const fetch = vi.fn(async (max: number): Promise<Uint8Array> => {
      throw new MotcuaError('PHOTO_TOO_LARGE', `over ${max}`);
    });
    const r = await photoField.parse(photo(jpegWithGps, { fetch }), step, makeCtx({ photoLimits: { ...DEFAULT_PHOTO_LIMITS, maxBytes: 1024 * 1024 } }));
    expect(fetch).toHaveBeenCalledWith(1024 * 1024);
    expect(errorKey(r)).toBe('photo.tooLarge');
    expect(rendered(r)).toContain('1 MB');
  });

  it('refuses bytes beyond maxBytes even when the channel returned them', async () => {
    const ctx = makeCtx({ photoLimits: { ...DEFAULT_PHOTO_LIMITS, maxBytes: 1000 } });
    expect(errorKey(await photoField.parse(photo(jpegWithGps), step, ctx))).toBe('photo.tooLarge');
  });

  it('asks to send again when the download fails', async () => {
    const r = await photoField.parse(photo(png, { fetch: async () => Promise.reject(new Error('ECONNRESET')) }), step, makeCtx());
    expect(errorKey(r)).toBe('photo.fetchFailed');
    rendered(r);
  });

  it.each([
    ['a PDF', pdf, 'photo.pdf', 'Tệp PDF chưa dùng được. Vui lòng chụp ảnh giấy tờ và gửi ảnh.'],
    ['a HEIC file', heic, 'photo.heic', 'HEIC'],
    ['an AVIF', avif, 'photo.format', 'AVIF'],
    ['a GIF', gif, 'photo.format', 'GIF'],
    ['a text file', textFile, 'photo.notImage', 'không phải là ảnh'],
    ['a Word document', zip, 'photo.notImage', 'không phải là ảnh'],
    ['random bytes', noise, 'photo.corrupt', 'bị lỗi'],
    ['a truncated JPEG', truncated, 'photo.corrupt', 'bị lỗi'],
    ['an empty file', Buffer.alloc(0), 'photo.corrupt', 'bị lỗi'],
  ])('refuses %s with its own message', async (_name, data, key, says) => {
    const ctx = makeCtx();
    const r = await photoField.parse(photo(data), step, ctx);
    expect(errorKey(r)).toBe(key);
    expect(rendered(r)).toContain(says);
    expect(ctx.media.files.size).toBe(0);
  });

  it('refuses an image too small to read, saying its size', async () => {
    const r = await photoField.parse(photo(tiny), step, makeCtx());
    expect(errorKey(r)).toBe('photo.tooSmall');
    expect(rendered(r)).toContain('50×50');
    expect(rendered(r)).toContain('200');
  });

  it('refuses an image with more pixels than maxPixels before decoding it', async () => {
    const ctx = makeCtx({ photoLimits: { ...DEFAULT_PHOTO_LIMITS, maxPixels: 5_000_000 } });
    const r = await photoField.parse(photo(huge), step, ctx);
    expect(errorKey(r)).toBe('photo.tooManyPixels');
    expect(rendered(r)).toContain('5 megapixel');
  });

  it('asks for a photo when text arrives', async () => {
    const r = await photoField.parse(text('ảnh đây'), step, makeCtx());
    expect(errorKey(r)).toBe('photo.expected');
    rendered(r);
  });

  it('displays a count, never a file', () => {
    expect(photoField.display('m1', step, 'vi')).toBe('1 ảnh');
    expect(photoField.display(['m1', 'm2'], step, 'vi')).toBe('2 ảnh');
    expect(photoField.display(['m1', 'm2', 'm3'], step, 'en')).toBe('3 photos');
    expect(photoField.display('m1', step, 'en')).toBe('1 photo');
    expect(photoField.hint?.(makeStep('photo', { max: 3 }), 'vi')).toBe('Chụp rõ nét, đủ sáng; với giấy tờ, chụp thấy đủ bốn góc.');
  });
});

describe('sniffImage', () => {
  it('names formats by their bytes', () => {
    expect([jpegWithGps, png, webp, pdf, heic, avif, gif, textFile, zip, noise].map((b) => sniffImage(b))).toEqual([
      'jpeg', 'png', 'webp', 'pdf', 'heic', 'avif', 'gif', 'text', 'document', 'unknown',
    ]);
  });
});
