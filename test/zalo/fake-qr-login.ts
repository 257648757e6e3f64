/**
 * @module A QR login the test drives by hand: it records the events object zca-js would call,
 * and settles when the test says (scanned and confirmed, declined, or an error).
 */
import { QrLoginDeclined, type QrLogin, type QrLoginEvents, type QrLoginResult } from '../../src/channels/zalo/qr-login.ts';

/** A PNG header and then anything: the desk never decodes it. */
export const qrPng = (n: number): Uint8Array => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, n]);

export const SESSION: QrLoginResult = { imei: 'imei-1', userAgent: 'UA/1', language: 'vi', cookie: [{ key: 'zpw_sek', value: 'secret', domain: 'chat.zalo.me' }] };

export class FakeQrLogin {
  calls = 0;
  events: QrLoginEvents | undefined;
  private settle: { resolve(r: QrLoginResult): void; reject(e: unknown): void } | undefined;

  readonly login: QrLogin = (events) => {
    this.calls++;
    this.events = events;
    return new Promise<QrLoginResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  };

  qr(n: number): void {
    void this.events!.onQr(qrPng(n));
  }

  confirm(session: QrLoginResult = SESSION): void {
    this.settle!.resolve(session);
  }

  decline(): void {
    this.settle!.reject(new QrLoginDeclined());
  }

  fail(message: string): void {
    this.settle!.reject(new Error(message));
  }
}
