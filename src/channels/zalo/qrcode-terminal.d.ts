/**
 * The `qrcode` package's terminal renderer, which its public API only reaches through text
 * encoding. We render a QR *matrix* read from Zalo's login image (whose content we do not know),
 * so we call the renderer directly. @types/qrcode does not describe this file.
 */
declare module 'qrcode/lib/renderer/terminal.js' {
  export function render(
    qrData: { modules: { size: number; data: ArrayLike<number | boolean> } },
    options?: { small?: boolean; inverse?: boolean },
  ): string;
}
