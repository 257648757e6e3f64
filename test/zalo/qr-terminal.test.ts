import QRCode from 'qrcode';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { qrMatrixFromPng } from '../../src/channels/zalo/qr-matrix-from-png.ts';
import { renderQrForTerminal } from '../../src/channels/zalo/render-qr-terminal.ts';

const TEXT = 'https://id.zalo.me/account/authen/qr?code=not-a-real-code-7K2M9QXD';

async function expectSameModules(png: Uint8Array, text: string): Promise<void> {
  const m = await qrMatrixFromPng(png);
  const want = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  expect(m?.size).toBe(want.size);
  expect(Array.from(m?.data ?? [])).toEqual(Array.from(want.data, (v) => (v ? 1 : 0)));
}

describe('reading a QR image for the terminal', () => {
  it('reads the exact module grid back from a PNG, at integer and scaled sizes', async () => {
    const png = await QRCode.toBuffer(TEXT, { errorCorrectionLevel: 'M', scale: 6, margin: 4 });
    await expectSameModules(png, TEXT);
    const resized = await sharp(png).resize(333).png().toBuffer();
    await expectSameModules(resized, TEXT);
    const onTransparent = await QRCode.toBuffer(TEXT, { errorCorrectionLevel: 'M', scale: 4, margin: 2, color: { light: '#0000' } });
    await expectSameModules(onTransparent, TEXT);
  });

  it('draws it with the qrcode package terminal renderer', async () => {
    const png = await QRCode.toBuffer(TEXT, { errorCorrectionLevel: 'M', scale: 5 });
    const drawn = await renderQrForTerminal(png);
    expect(drawn).toBe(await QRCode.toString(TEXT, { type: 'terminal', small: true, errorCorrectionLevel: 'M' }));
  });

  it('returns null for an image that is not a QR code', async () => {
    const blank = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#fff' } }).png().toBuffer();
    expect(await renderQrForTerminal(blank)).toBeNull();
    const square = await sharp({ create: { width: 60, height: 60, channels: 3, background: '#000' } }).extend({ top: 10, bottom: 10, left: 10, right: 10, background: '#fff' }).png().toBuffer();
    expect(await renderQrForTerminal(square)).toBeNull();
  });
});
