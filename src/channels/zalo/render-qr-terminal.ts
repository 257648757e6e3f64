/**
 * @module A QR code image as text for a terminal, drawn by the `qrcode` package's own terminal
 * renderer (two modules per character line) from the grid read out of the image.
 */
import { render } from 'qrcode/lib/renderer/terminal.js';
import { qrMatrixFromPng } from './qr-matrix-from-png.ts';

/** null when the image could not be read as a QR code (the caller points to the PNG file). */
export async function renderQrForTerminal(png: Uint8Array): Promise<string | null> {
  const m = await qrMatrixFromPng(png);
  return m ? render({ modules: m }, { small: true }) : null;
}
