/**
 * @module Reads the module grid of a QR code from a PNG. Zalo's login QR arrives only as an
 * image — what it encodes is Zalo's business (the `code` beside it is a polling token, not the
 * QR content) — so to show it in a terminal we sample the image itself: find the symbol's
 * bounding box, measure a module on the top-left finder pattern (1:1:3:1:1 along its diagonal),
 * snap to a valid QR size (21 + 4k) and read each module's centre.
 */
import sharp from 'sharp';

export interface QrMatrix {
  size: number;
  /** size × size, row-major, 1 = dark. */
  data: Uint8Array;
}

/** null when the image does not look like a QR code (no finder patterns where they belong). */
export async function qrMatrixFromPng(png: Uint8Array): Promise<QrMatrix | null> {
  const { data, info } = await sharp(png).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  const w = info.width;
  const h = info.height;
  const ch = info.channels;
  const dark = (x: number, y: number): boolean => (data[(y * w + x) * ch] ?? 255) < 128;

  let minX = w, minY = h, maxX = -1, maxY = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (!dark(x, y)) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) return null;
  const boxW = maxX - minX + 1;
  const boxH = maxY - minY + 1;

  // Along the finder's diagonal: dark 1, light 1, dark 3, light 1, dark 1 modules = 7 modules.
  let i = 0;
  const limit = Math.min(boxW, boxH);
  while (i < limit && !dark(minX + i, minY + i)) i++;
  const start = i;
  let runs = 0;
  let current = true;
  while (i < limit && runs < 5) {
    if (dark(minX + i, minY + i) !== current) {
      runs++;
      current = !current;
    }
    i++;
  }
  if (runs < 5) return null;
  const module = (i - 1 - start) / 7;
  if (module < 1) return null;
  const rough = Math.round(boxW / module);
  const size = Math.max(21, 21 + 4 * Math.round((rough - 21) / 4));
  const mw = boxW / size;
  const mh = boxH / size;

  const out = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const x = Math.min(maxX, Math.floor(minX + (c + 0.5) * mw));
      const y = Math.min(maxY, Math.floor(minY + (r + 0.5) * mh));
      out[r * size + c] = dark(x, y) ? 1 : 0;
    }
  }
  const m = { size, data: out };
  return hasFinders(m) ? m : null;
}

/** The three 7×7 finder patterns: dark ring, light ring, dark 3×3 centre. */
function hasFinders(m: QrMatrix): boolean {
  const at = (r: number, c: number): number => m.data[r * m.size + c] ?? 0;
  const finderOk = (r0: number, c0: number): boolean => {
    for (let r = 0; r < 7; r++) {
      for (let c = 0; c < 7; c++) {
        const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        const want = ring === 2 ? 0 : 1;
        if (at(r0 + r, c0 + c) !== want) return false;
      }
    }
    return true;
  };
  return finderOk(0, 0) && finderOk(0, m.size - 7) && finderOk(m.size - 7, 0);
}
