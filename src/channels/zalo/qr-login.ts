/**
 * @module The shape of a Zalo QR login, apart from zca-js: what it reports while an operator
 * scans (each QR image, the scan, an expiry) and the session it returns. The `zalo login`
 * command and the console's Zalo page run one; tests pass a fake.
 */
import type { ZaloCookie } from './credentials-store.ts';

export interface QrLoginEvents {
  /** A new QR to show (the first one, or a renewal after expiry). */
  onQr(png: Uint8Array): Promise<void> | void;
  onScanned?(): void;
  onExpired?(): void;
}

export interface QrLoginResult {
  imei: string;
  userAgent: string;
  language: string;
  cookie: ZaloCookie[];
}

export type QrLogin = (events: QrLoginEvents) => Promise<QrLoginResult>;

export class QrLoginDeclined extends Error {
  constructor() {
    super('the login was declined on the phone');
    this.name = 'QrLoginDeclined';
  }
}
