import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import QRCode from 'qrcode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsStore } from '../../src/channels/zalo/credentials-store.ts';
import { QrLoginDeclined, type QrLogin } from '../../src/channels/zalo/qr-login.ts';
import { runZaloLogin } from '../../src/cli/zalo-login.ts';

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

let dataDir = '';
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'motcua-login-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const session = { imei: 'imei-1', userAgent: 'UA', language: 'vi', cookie: [{ key: 'zpw_sek', value: 's3cr3t', domain: 'chat.zalo.me' }] };

describe('runZaloLogin', () => {
  it('shows the QR in the terminal, saves it as a PNG, then stores the session with mode 0600', async () => {
    const png = await QRCode.toBuffer('https://id.zalo.me/qr/test', { scale: 4 });
    const out = new Collect();
    let qrSeenOnDisk = false;
    const login: QrLogin = async (events) => {
      await events.onQr(new Uint8Array(png));
      qrSeenOnDisk = (await new CredentialsStore(join(dataDir, 'zalo', 'credentials.json')).readQr()) !== null;
      events.onScanned?.();
      return session;
    };
    const code = await runZaloLogin({ dataDir, out, login, locale: 'en' });
    expect(code).toBe(0);
    expect(qrSeenOnDisk).toBe(true);
    expect(out.text).toContain(await QRCode.toString('https://id.zalo.me/qr/test', { type: 'terminal', small: true }));
    expect(out.text).toContain(`It is also saved at: ${join(dataDir, 'zalo', 'login-qr.png')}`);
    expect(out.text).toContain('QR code scanned');
    expect(out.text).toContain('Zalo login succeeded');
    expect(out.text).not.toContain('s3cr3t');
    const store = new CredentialsStore(join(dataDir, 'zalo', 'credentials.json'));
    expect(await store.read()).toMatchObject(session);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    // The used QR is gone.
    expect(await store.readQr()).toBeNull();
  });

  it('honours a custom credentials path', async () => {
    const path = join(dataDir, 'secrets', 'zalo.json');
    const code = await runZaloLogin({ dataDir, credentialsPath: path, out: new Collect(), login: async () => session });
    expect(code).toBe(0);
    await expect(new CredentialsStore(path).read()).resolves.toMatchObject({ imei: 'imei-1' });
  });

  it('exits 1 when the login is declined on the phone or fails, and writes no credentials', async () => {
    const out = new Collect();
    expect(await runZaloLogin({ dataDir, out, locale: 'vi', login: async () => Promise.reject(new QrLoginDeclined()) })).toBe(1);
    expect(out.text).toContain('Đăng nhập bị từ chối');
    expect(await runZaloLogin({ dataDir, out, locale: 'en', login: async () => Promise.reject(new Error('Cannot get scan result\nResponse: {...}')) })).toBe(1);
    expect(out.text).toContain('Zalo login failed: Cannot get scan result\n');
    await expect(new CredentialsStore(join(dataDir, 'zalo', 'credentials.json')).read()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('points to the PNG when the image cannot be drawn as text', async () => {
    const out = new Collect();
    await runZaloLogin({ dataDir, out, locale: 'en', login: async (ev) => (await ev.onQr(new Uint8Array([1, 2, 3])), session) });
    expect(out.text).toContain('Could not draw the QR code in this terminal');
  });
});
