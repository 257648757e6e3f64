/**
 * The officials' console in a real browser (Debian's chromium) on a small laptop screen,
 * against the real app (DossierService, in-process outbox): a citizen submits a dossier through
 * the web chat API (fixture flow `mini`, with an ID-card photo); an official created through the
 * officials module logs in, finds it by code, opens it, sees the photo, receives it (a second tab
 * that acts on the old page is refused), starts processing, requests a supplement of the photo;
 * the citizen sends a new photo in chat; the official sees old → new and the delivery state of
 * every message, marks the result ready and completes it; English works; logout ends the
 * session. A relative follows the dossier from another web chat and receives each status
 * change exactly once, as the citizen does. Screenshots go to MOTCUA_SCREENSHOTS or a temp dir — look at them.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FileOfficialsStore } from '../../src/officials/officials-store.ts';
import { hashPassword } from '../../src/officials/password-hash.ts';
import { browserMissing, launchBrowser, watchPage, type TestBrowser, type Watched } from '../support/browser.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { freePort } from '../support/redis.ts';
import { documentJpegBase64 } from '../support/web-api-client.ts';
import { submitMiniDossier } from './console-support.ts';

const skip = browserMissing();
const PASSWORD = 'mùa thu Hà Nội 2026';

/** A small laptop: 1366×768 screen, minus the browser's own bars. */
const LAPTOP = {
  viewport: { width: 1366, height: 680 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
};

/** A photographed ID card: a card with a portrait box and lines of text, as JPEG, base64. */
async function idCardPhoto(): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <rect width="1200" height="800" fill="#5d6b57"/>
    <rect x="90" y="110" width="1020" height="600" rx="36" fill="#e9eef5"/>
    <text x="600" y="190" font-family="DejaVu Sans, sans-serif" font-size="40" font-weight="bold" text-anchor="middle" fill="#b3261e">CĂN CƯỚC</text>
    <rect x="150" y="250" width="240" height="320" fill="#b8c4d2"/>
    ${Array.from({ length: 6 }, (_, i) => `<rect x="440" y="${270 + i * 52}" width="${i % 2 ? 420 : 600}" height="16" fill="#6b7a8c"/>`).join('')}
  </svg>`;
  return (await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer()).toString('base64');
}

/** Nothing sticks out sideways: the page fits the window's width. */
async function expectFitsWidth(page: Page): Promise<void> {
  const extra = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(extra, 'page wider than the window').toBeLessThanOrEqual(0);
}

describe.skipIf(skip !== null)('officials console in a laptop browser', () => {
  let app: App;
  let url: string;
  let tb: TestBrowser;
  let dataDir: string;
  let shots: string;
  let code: string;
  let context: BrowserContext;
  let page: Page;
  let watched: Watched;

  /** One web-chat message; the replies' texts. */
  const chatText = async (chat: string, body: Record<string, unknown>): Promise<string> => {
    const r = await app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat, ...body } });
    return (r.json() as { replies: { text: string }[] }).replies.map((x) => x.text).join('\n');
  };
  /** Everything pushed to a web chat so far, one string per message. */
  const pushedTo = async (chat: string): Promise<string[]> => {
    const r = await app.http.inject({ method: 'GET', url: `/api/sim/messages?chat=${chat}&after=0` });
    return (r.json() as { messages: { text: string }[] }).messages.map((m) => m.text);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-console-browser-'));
    shots = process.env.MOTCUA_SCREENSHOTS ?? join(dataDir, 'screenshots');
    await mkdir(shots, { recursive: true });
    const data = join(dataDir, 'data');
    // The official, as `motcua officials add lan.nguyen` makes them (default scrypt cost).
    await new FileOfficialsStore(data).add('lan.nguyen', await hashPassword(PASSWORD), ['officer']);
    app = createApp({
      config: loadConfig({ PORT: String(await freePort()), DATA_DIR: data, LOG_LEVEL: 'silent' }),
      logger: silentLogger(),
      flowsDir: FIXTURE_FLOWS,
    });
    url = await app.start();
    code = await submitMiniDossier(app.http, 'citizen-1', await idCardPhoto());
    // A relative follows it with the code and PIN the citizen shares.
    const shared = await chatText('citizen-1', { text: 'chia sẻ hồ sơ' });
    const pin = new RegExp(`theo dõi ${code} (\\d{6})`).exec(shared)?.[1];
    expect(pin, shared).toBeDefined();
    expect(await chatText('aunt-1', { text: `theo dõi ${code} ${pin}` })).toContain(`Bạn đã theo dõi hồ sơ ${code}`);
    // Some other dossiers around it, as in a real list.
    await submitMiniDossier(app.http, 'citizen-2', await idCardPhoto(), 'Trần Thị Bình');
    await submitMiniDossier(app.http, 'citizen-3', await idCardPhoto(), 'Phạm Minh Châu');
    tb = await launchBrowser();
    ({ context, page } = await tb.phone(LAPTOP));
    // Error statuses are recorded with their URL; the ones the console gives on purpose are expected by the tests.
    watched = watchPage(page, url, { ignoreConsole: /Failed to load resource/, httpErrors: true });
  }, 120_000);

  afterAll(async () => {
    await tb?.close();
    await app?.stop();
    if (!process.env.MOTCUA_SCREENSHOTS) process.stdout.write(`console screenshots: ${shots}\n`);
    await rm(join(dataDir, 'data'), { recursive: true, force: true });
  });

  it('sends an official who is not logged in to the login page, in Vietnamese', async () => {
    await page.goto(`${url}/console/dossiers`);
    await page.waitForURL(/\/console\/login\?next=/);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await expect(page.locator('h1').textContent()).resolves.toBe('Đăng nhập');
    await page.screenshot({ path: join(shots, '1-login.png') });
    // A wrong password first.
    await page.fill('input[name="username"]', 'lan.nguyen');
    await page.fill('input[name="password"]', 'sai mật khẩu');
    await page.click('button[type="submit"]');
    await expect(page.locator('.flash.error').textContent()).resolves.toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(watched.errors.splice(0)).toEqual(['401 POST /console/login']);
    expect(await page.inputValue('input[name="username"]')).toBe('lan.nguyen');
  });

  it('logs in and lands on the dossier list, newest first', async () => {
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${url}/console/dossiers`);
    const rows = page.locator('table.dossiers tbody tr');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().locator('td').nth(2).textContent()).toBe('Phạm Minh Châu');
    expect(await rows.first().locator('td').nth(1).textContent()).toBe('Thủ tục thử nghiệm');
    expect(await rows.first().locator('td').nth(3).textContent()).toBe('Phường Bến Thành');
    expect(await rows.first().locator('td').nth(5).textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await expectFitsWidth(page);
    await page.screenshot({ path: join(shots, '2-list.png') });
  });

  it('finds the dossier by its code typed loosely and opens it', async () => {
    await page.fill('input[name="q"]', code.slice(3).replace('-', ' ').toLowerCase());
    await page.click('.filters button[type="submit"]');
    await page.waitForURL(/q=/);
    const rows = page.locator('table.dossiers tbody tr');
    expect(await rows.count()).toBe(1);
    await page.screenshot({ path: join(shots, '3-search.png') });
    await rows.first().locator('a').click();
    await page.waitForURL(`${url}/console/dossiers/${code}`);
    expect(await page.locator('h1 .code').textContent()).toBe(code);
    expect(await page.locator('h1 .badge').textContent()).toBe('Mới nộp');
    const answers = await page.locator('table.answers').textContent();
    for (const s of ['Lê Văn Tám', '01/01/1980', '0912 345 678', '079080001234', '12 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh']) expect(answers).toContain(s);
    expect(await page.locator('dl.facts').textContent()).toContain('Người thân nộp thay (Cha/mẹ)');
  });

  it('shows the photo as a thumbnail that opens the full image', async () => {
    const img = page.locator('ul.photos img').first();
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBeGreaterThan(100);
    await page.screenshot({ path: join(shots, '4-detail.png'), fullPage: true });
    const [full] = await Promise.all([context.waitForEvent('page'), img.click()]);
    await full.waitForLoadState('load');
    expect(full.url()).toMatch(new RegExp(`/console/dossiers/${code}/photos/[A-Za-z0-9_-]+$`));
    // The full photo, not the thumbnail (1200 px wide as the citizen sent it).
    expect(await full.evaluate(() => document.images[0]?.naturalWidth)).toBe(1200);
    const response = await context.request.get(full.url());
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/jpeg');
    expect(response.headers()['cache-control']).toBe('no-store, max-age=0');
    await full.close();
  });

  it('receives it; a second tab still showing the old page is refused with a clear message', async () => {
    const other = await context.newPage();
    await other.goto(`${url}/console/dossiers/${code}`);
    await page.click('button:has-text("Tiếp nhận hồ sơ")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Đã tiếp nhận hồ sơ. Công dân sẽ nhận được thông báo.');
    expect(await page.locator('h1 .badge').textContent()).toBe('Đã tiếp nhận');
    const [response] = await Promise.all([other.waitForResponse((r) => r.request().method() === 'POST'), other.click('button:has-text("Tiếp nhận hồ sơ")')]);
    expect(response.status()).toBe(409);
    await expect(other.locator('[role="alert"]').first().textContent()).resolves.toContain('Hồ sơ vừa được người khác cập nhật, nay ở trạng thái “Đã tiếp nhận”.');
    await other.screenshot({ path: join(shots, '5-stale-409.png') });
    await other.close();
  });

  it('starts processing and requests a supplement of the document photo with a message', async () => {
    await page.click('button:has-text("Bắt đầu xử lý")');
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('Đang xử lý');
    await page.click('summary:has-text("Yêu cầu bổ sung")');
    // Submitting without choosing a step is refused by the server, with the message kept.
    await page.fill('textarea[name="message"]', 'Ảnh CCCD bị lóa ở góc phải, bạn chụp lại giúp nhé.');
    await page.click('button:has-text("Gửi yêu cầu bổ sung")');
    await expect(page.locator('.field-error').textContent()).resolves.toBe('Hãy chọn ít nhất một mục cần bổ sung.');
    expect(await page.inputValue('textarea[name="message"]')).toBe('Ảnh CCCD bị lóa ở góc phải, bạn chụp lại giúp nhé.');
    expect(watched.errors.splice(0)).toEqual([`400 POST /console/dossiers/${code}/actions/request_supplement`]);
    await page.screenshot({ path: join(shots, '6-supplement-form.png') });
    await page.check('input[name="steps"][value="doc_photos"]');
    await page.click('button:has-text("Gửi yêu cầu bổ sung")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Đã gửi yêu cầu bổ sung cho công dân.');
    expect(await page.locator('h1 .badge').textContent()).toBe('Chờ bổ sung');
    const notice = await page.locator('.panel.notice').textContent();
    expect(notice).toContain('Ảnh giấy tờ');
    expect(notice).toContain('Ảnh CCCD bị lóa ở góc phải');
    await page.screenshot({ path: join(shots, '7-supplement-requested.png') });
    const d = await app.store.dossiers.get(code);
    expect(d?.supplement).toMatchObject({ steps: ['doc_photos'], by: 'official:lan.nguyen' });
  });

  it('sees the citizen\'s new photo (old → new) and the delivery state of every message', async () => {
    // The citizen, in the web chat: the request arrived as a push; they answer it.
    const chat = async (body: Record<string, unknown>): Promise<string> => {
      const r = await app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: 'citizen-1', ...body } });
      return (r.json() as { replies: { text: string }[] }).replies.map((x) => x.text).join('\n');
    };
    const pushes = await app.http.inject({ method: 'GET', url: '/api/sim/messages?chat=citizen-1&after=0' });
    expect(JSON.stringify(pushes.json())).toContain('Ảnh CCCD bị lóa ở góc phải');
    expect(await chat({ text: 'bổ sung' })).toMatch(/ảnh giấy tờ/);
    await chat({ photo: await documentJpegBase64(900, 600, 3) });
    await chat({ text: 'xong' });
    await expect.poll(async () => (await app.store.dossiers.get(code))?.status).toBe('processing');
    await page.reload();
    expect(await page.locator('h1 .badge').textContent()).toBe('Đang xử lý');
    expect(await page.locator('.panel.notice').count()).toBe(0);
    const amended = page.locator('section', { has: page.locator('h2', { hasText: 'Thông tin đã bổ sung, sửa đổi' }) });
    expect(await amended.locator('td.before img').count()).toBe(1);
    expect(await amended.locator('td.after img').count()).toBe(1);
    // Every message about the dossier went out to the citizen's chat.
    await expect.poll(async () => (await app.outbox.forDossier(code)).every((s) => s.status === 'sent')).toBe(true);
    await page.reload();
    const deliveries = page.locator('#deliveries tbody tr');
    expect(await deliveries.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#deliveries .badge.d-sent').count()).toBe(await deliveries.count());
    expect(await page.locator('#deliveries').textContent()).toContain('Thông báo trạng thái: Chờ bổ sung');
    await amended.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, '8-supplemented.png'), fullPage: true });
  });

  it('marks the result ready for pick-up, then completes it, with every step in the history', async () => {
    await page.click('summary:has-text("Báo đã có kết quả")');
    // By post: the applicant's address is offered, the pick-up fields step aside.
    await page.check('input[name="method"][value="post"]');
    expect(await page.locator('.for-pickup').isVisible()).toBe(false);
    expect(await page.inputValue('textarea[name="address"]')).toBe('12 Nguyễn Trãi, Phường Bến Thành, TP. Hồ Chí Minh');
    await page.check('input[name="method"][value="pickup"]');
    expect(await page.locator('.for-post').isVisible()).toBe(false);
    await page.fill('textarea[name="place"]', 'Bộ phận Một cửa UBND phường Bến Thành, 92 Nguyễn Du');
    await page.screenshot({ path: join(shots, '9-result-form.png') });
    await page.click('button:has-text("Báo cho công dân")');
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Đã báo công dân có kết quả.');
    await page.click('button:has-text("Hoàn thành (đã trả kết quả)")');
    await expect(page.locator('h1 .badge').textContent()).resolves.toBe('Hoàn thành');
    const history = page.locator('table.history tbody tr');
    expect(await history.count()).toBe(7);
    expect(await history.nth(1).textContent()).toContain('Mời bạn nhận kết quả tại Bộ phận Một cửa UBND phường Bến Thành, 92 Nguyễn Du, thời gian: Giờ hành chính');
    expect(await history.nth(0).textContent()).toContain('lan.nguyen (cán bộ)');
    expect(await page.locator('.panel.actions').textContent()).toContain('không còn bước xử lý nào');
    // The relative heard of every change exactly once, in order.
    await expect.poll(async () => (await app.outbox.forDossier(code)).every((s) => s.status === 'sent')).toBe(true);
    const statuses = (await pushedTo('aunt-1')).flatMap((m) => /^Hồ sơ .*\nTrạng thái mới: ([^(]+) \(/.exec(m)?.[1] ?? []);
    expect(statuses).toEqual(['đã tiếp nhận', 'đang giải quyết', 'cần bổ sung giấy tờ', 'đang giải quyết', 'đã có kết quả', 'đã hoàn thành']);
    await expectFitsWidth(page);
    await page.screenshot({ path: join(shots, '10-completed.png'), fullPage: true });
  });

  it('reads in English after the switch, and fits a 1280×720 window', async () => {
    await page.setViewportSize({ width: 1280, height: 640 });
    await page.click('a.lang');
    await page.waitForURL(`${url}/console/dossiers/${code}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1 .badge').textContent()).toBe('Completed');
    expect(await page.locator('#actions-title').textContent()).toBe('Work on this dossier');
    await expectFitsWidth(page);
    await page.screenshot({ path: join(shots, '11-english.png') });
    await page.click('a[aria-current="page"]');
    await expectFitsWidth(page);
    await page.screenshot({ path: join(shots, '12-list-english-1280.png') });
    await page.click('a.lang');
  });

  it('logs out, after which the console asks for a login again', async () => {
    await page.click('button:has-text("Đăng xuất")');
    await page.waitForURL(/\/console\/login\?bye=1/);
    await expect(page.locator('.flash.ok').textContent()).resolves.toBe('Bạn đã đăng xuất.');
    await page.goto(`${url}/console/dossiers/${code}`);
    await page.waitForURL(/\/console\/login/);
    expect(watched.foreign).toEqual([]);
    expect(watched.errors).toEqual([]);
  });
});
