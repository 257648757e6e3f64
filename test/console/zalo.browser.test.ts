/**
 * The console's Zalo page in a real browser (Debian's chromium): an operator whose bot lost its
 * Zalo session opens "Kết nối Zalo", gets a QR, sees the image (the CSP lets it load; it is a
 * real PNG), and after the scan and the phone's confirmation the page — reloading itself —
 * says the session is saved while the channel logs in with it. Screenshots go to
 * MOTCUA_SCREENSHOTS or a temp dir.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { CredentialsStore } from '../../src/channels/zalo/credentials-store.ts';
import type { SupervisorStatus } from '../../src/channels/zalo/supervisor.ts';
import { ZaloLoginDesk } from '../../src/channels/zalo/zalo-login-desk.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { browserMissing, launchBrowser, watchPage, type TestBrowser, type Watched } from '../support/browser.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { freePort } from '../support/redis.ts';
import { FakeQrLogin } from '../zalo/fake-qr-login.ts';
import { addOfficial } from './console-support.ts';

const skip = browserMissing();
const PASSWORD = 'quét mã đăng nhập 2026';

/** A QR-like PNG: three finder squares on white. */
async function qrLikePng(): Promise<Uint8Array> {
  const finder = (x: number, y: number): string => `<rect x="${x}" y="${y}" width="70" height="70" fill="#000"/><rect x="${x + 10}" y="${y + 10}" width="50" height="50" fill="#fff"/><rect x="${x + 20}" y="${y + 20}" width="30" height="30" fill="#000"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240"><rect width="240" height="240" fill="#fff"/>${finder(10, 10)}${finder(160, 10)}${finder(10, 160)}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

describe.skipIf(skip !== null)('the Zalo page in a browser', () => {
  let app: App;
  let url: string;
  let tb: TestBrowser;
  let dataDir: string;
  let shots: string;
  let page: Page;
  let watched: Watched;
  const fake = new FakeQrLogin();
  let status: SupervisorStatus = { state: 'needs_login', failures: 1, problem: 'credentials' };
  let desk: ZaloLoginDesk;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-zalo-browser-'));
    shots = process.env.MOTCUA_SCREENSHOTS ?? join(dataDir, 'screenshots');
    await mkdir(shots, { recursive: true });
    const data = join(dataDir, 'data');
    await addOfficial(data, 'it.le', PASSWORD, ['officer', 'channels']);
    desk = new ZaloLoginDesk({
      login: fake.login,
      credentials: new CredentialsStore(join(data, 'zalo', 'credentials.json')),
      // What the channel does with a new session: log in with it.
      onSaved: () => {
        status = { state: 'connected', failures: 0 };
      },
    });
    app = createApp({
      config: loadConfig({ PORT: String(await freePort()), DATA_DIR: data, LOG_LEVEL: 'silent' }),
      logger: silentLogger(),
      flowsDir: FIXTURE_FLOWS,
      zalo: { connection: { status: () => status, retryNow: () => {} }, desk },
    });
    url = await app.start();
    tb = await launchBrowser();
    ({ page } = await tb.phone({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' }));
    watched = watchPage(page, url);
  }, 120_000);

  afterAll(async () => {
    await tb?.close();
    await app?.stop();
    if (!process.env.MOTCUA_SCREENSHOTS) process.stdout.write(`zalo page screenshots: ${shots}\n`);
    await rm(join(dataDir, 'data'), { recursive: true, force: true });
  });

  it('logs the bot in to Zalo again from the console', async () => {
    await page.goto(`${url}/console/login`);
    await page.fill('input[name="username"]', 'it.le');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.click('nav a[href="/console/zalo"]');
    await page.waitForURL(`${url}/console/zalo`);
    await expect(page.locator('.badge').textContent()).resolves.toBe('Cần đăng nhập lại');
    await page.screenshot({ path: join(shots, 'zalo-1-needs-login.png'), fullPage: true });

    await page.click('text=Lấy mã QR để đăng nhập');
    await page.waitForURL(`${url}/console/zalo`);
    await expect(page.locator('main').textContent()).resolves.toContain('Đang lấy mã QR từ Zalo');
    await fake.events!.onQr(await qrLikePng());
    // The page reloads itself (every 3 s) and shows the QR.
    const img = page.locator('img.zalo-qr');
    await img.waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => (document.querySelector('img.zalo-qr') as HTMLImageElement | null)?.naturalWidth === 240, undefined, { timeout: 10_000 });
    await page.screenshot({ path: join(shots, 'zalo-2-qr.png'), fullPage: true });

    fake.events!.onScanned!();
    await page.locator('text=Đã quét mã.').waitFor({ timeout: 10_000 });
    fake.confirm();
    await page.locator('text=Đã lưu phiên đăng nhập lúc').waitFor({ timeout: 10_000 });
    await expect(page.locator('.badge').textContent()).resolves.toBe('Đã kết nối');
    await page.screenshot({ path: join(shots, 'zalo-3-saved.png'), fullPage: true });
    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
  }, 60_000);
});
