/**
 * The broadcast composer in a real browser (Debian's chromium) on a small laptop screen,
 * against the real app: two citizens subscribe in the web chat ("đăng ký nhận tin", one in
 * English), more subscribers are put in the store; an official with the broadcast role logs
 * in, composes a Vietnamese + English message with an image for one ward and one topic (the
 * ward found with the filter), sees the count and the Zalo and Telegram previews, sends it
 * now, confirms, and watches the page reload itself until it is done; then downloads the CSV.
 * Every matching citizen got exactly one message, in their language; the others none.
 * Screenshots go to MOTCUA_SCREENSHOTS or a temp dir — look at them.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { browserMissing, launchBrowser, watchPage, type TestBrowser, type Watched } from '../support/browser.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { freePort } from '../support/redis.ts';
import { PASSWORD, subscribe } from './broadcast-support.ts';
import { addOfficial } from './console-support.ts';

const skip = browserMissing();

const LAPTOP = {
  viewport: { width: 1366, height: 680 },
  deviceScaleFactor: 1,
  isMobile: false,
  hasTouch: false,
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
  acceptDownloads: true,
};

const TEXT_VI = 'Cảnh báo triều cường: tối nay từ 17 giờ, nước có thể ngập đường Lê Lợi. Bà con hạn chế đi lại và kê cao đồ đạc.';
const TEXT_EN = 'High tide warning: from 5 pm tonight Le Loi street may flood. Please avoid travel and raise your belongings.';

/** Matching: Bến Thành + emergency. Each entry: chat id and language. */
const MATCHING = [
  ...Array.from({ length: 18 }, (_, i) => ({ chat: `bt-vi-${i}`, locale: 'vi' as const })),
  ...Array.from({ length: 6 }, (_, i) => ({ chat: `bt-en-${i}`, locale: 'en' as const })),
];
/** Not matching: another ward, or only another topic. */
const OTHERS = [
  ...Array.from({ length: 5 }, (_, i) => ({ chat: `sg-${i}`, ward: 'Phường Sài Gòn', topics: ['emergency' as const] })),
  ...Array.from({ length: 4 }, (_, i) => ({ chat: `bt-biz-${i}`, ward: 'Phường Bến Thành', topics: ['business' as const] })),
];

describe.skipIf(skip !== null)('broadcast composer in a laptop browser', () => {
  let app: App;
  let url: string;
  let tb: TestBrowser;
  let dataDir: string;
  let shots: string;
  let context: BrowserContext;
  let page: Page;
  let watched: Watched;
  /** The last sequence number each chat had seen before the broadcast. */
  const before = new Map<string, number>();

  const history = async (chat: string, after = 0): Promise<{ seq: number; text: string }[]> => {
    const r = await app.http.inject({ method: 'GET', url: `/api/sim/messages?chat=${chat}&after=${after}` });
    return (r.json() as { messages: { seq: number; text: string }[] }).messages;
  };
  const chat = async (id: string, body: Record<string, unknown>): Promise<{ text: string; choices?: { value: string }[] }[]> => {
    const r = await app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: id, ...body } });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { replies: { text: string; choices?: { value: string }[] }[] }).replies;
  };
  /** "đăng ký nhận tin" in the web chat: consent, ward, topic. */
  const subscribeInChat = async (id: string, english: boolean): Promise<void> => {
    if (english) await chat(id, { text: 'English' });
    const offer = await chat(id, { text: 'đăng ký nhận tin' });
    await chat(id, { choice: offer.at(-1)?.choices?.[0]?.value });
    await chat(id, { text: 'phuong ben thanh' });
    // A tap ticks the topic; "Xong" saves it.
    await chat(id, { choice: 'a:@sub-topics:emergency' });
    const done = await chat(id, { choice: 'cmd:done' });
    expect(done.at(-1)?.text).toMatch(english ? /Bến Thành/ : /Đã đăng ký nhận tin của Phường Bến Thành/);
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-broadcast-browser-'));
    shots = process.env.MOTCUA_SCREENSHOTS ?? join(dataDir, 'screenshots');
    await mkdir(shots, { recursive: true });
    const data = join(dataDir, 'data');
    await addOfficial(data, 'bao.tran', PASSWORD, ['broadcast']);
    app = createApp({
      // Ten web messages a second: slow enough to watch the progress move.
      config: loadConfig({ PORT: String(await freePort()), DATA_DIR: data, LOG_LEVEL: 'silent', BROADCAST_RATE_WEB: '10' }),
      logger: silentLogger(),
      flowsDir: FIXTURE_FLOWS,
    });
    url = await app.start();
    await subscribeInChat('chat-vi', false);
    await subscribeInChat('chat-en', true);
    for (const m of MATCHING) await subscribe(app, m.chat, { ward: 'Phường Bến Thành', topics: ['emergency', 'general'], locale: m.locale });
    for (const o of OTHERS) await subscribe(app, o.chat, { ward: o.ward, topics: o.topics });
    for (const id of ['chat-vi', 'chat-en', ...MATCHING.map((m) => m.chat), ...OTHERS.map((o) => o.chat)]) before.set(id, (await history(id)).at(-1)?.seq ?? 0);
    tb = await launchBrowser();
    ({ context, page } = await tb.phone(LAPTOP));
    watched = watchPage(page, url);
  }, 60_000);

  afterAll(async () => {
    await tb?.close();
    await app?.stop();
    if (!process.env.MOTCUA_SCREENSHOTS) process.stdout.write(`broadcast screenshots: ${shots}\n`);
    await rm(join(dataDir, 'data'), { recursive: true, force: true });
  });

  it('logs in and lands on the broadcasts, the only part this official may use', async () => {
    await page.goto(`${url}/console/login`);
    await page.fill('input[name="username"]', 'bao.tran');
    await page.fill('input[name="password"]', PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${url}/console/broadcasts`);
    expect(await page.locator('.topbar nav a').allTextContents()).toEqual(['Gửi thông báo']);
    expect(await page.locator('.empty').textContent()).toBe('Chưa có thông báo nào.');
  });

  it('composes a Vietnamese and English message with an image for one ward and one topic', async () => {
    await page.click('text=Soạn thông báo mới');
    await page.waitForURL(`${url}/console/broadcasts/new`);
    await page.fill('textarea[name="text_vi"]', TEXT_VI);
    await page.fill('textarea[name="text_en"]', TEXT_EN);
    await page.fill('input[name="link"]', 'https://tphcm.gov.vn/trieu-cuong');
    const image = await sharp({ create: { width: 900, height: 500, channels: 3, background: '#0b4f8a' } }).jpeg().toBuffer();
    await page.setInputFiles('input[name="image"]', { name: 'trieu-cuong.jpg', mimeType: 'image/jpeg', buffer: image });
    // The ward list offers the wards that have subscribers; the filter finds the one wanted.
    await page.fill('input[name="ward_filter"]', 'ben thanh');
    await page.click('button[value="filter"]');
    await page.waitForURL(`${url}/console/broadcasts/compose`);
    // Typed text and the uploaded image survived the filter's round trip.
    expect(await page.inputValue('textarea[name="text_vi"]')).toBe(TEXT_VI);
    await expect.poll(() => page.locator('.current-image img').evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(900);
    await page.locator('.ward-list label', { hasText: 'Phường Bến Thành' }).locator('input').check();
    await page.locator('fieldset.options label', { hasText: 'Khẩn cấp' }).locator('input').check();
    await page.screenshot({ path: join(shots, 'b1-compose.png'), fullPage: true });
    await page.click('button[value="preview"]');
    await page.waitForURL(/\/console\/broadcasts\/drafts\/[A-Za-z0-9_-]+$/);
  });

  it('shows who it reaches and how it looks on Zalo and Telegram', async () => {
    const counts = await page.locator('table.counts').first().innerText();
    expect(counts).toMatch(/Tổng số người nhận\s+26/);
    expect(counts).toMatch(/Tiếng Việt\s+19/);
    expect(counts).toMatch(/Tiếng Anh\s+7/);
    const vi = page.locator('section', { has: page.locator('h2', { hasText: 'Bản Tiếng Việt' }) });
    expect(await vi.locator('.chat-preview.zalo .bubble').first().innerText()).toContain('Cảnh báo triều cường');
    expect(await vi.locator('.chat-preview.telegram .bubble').first().innerText()).toContain('https://tphcm.gov.vn/trieu-cuong');
    expect(await vi.locator('.chat-preview.zalo img').count()).toBe(1);
    const en = page.locator('section', { has: page.locator('h2', { hasText: 'Bản Tiếng Anh' }) });
    expect(await en.locator('.chat-preview.zalo .bubble').first().innerText()).toContain('High tide warning');
    await page.screenshot({ path: join(shots, 'b2-preview.png'), fullPage: true });
  });

  it('asks for confirmation with the count before sending', async () => {
    await page.click('button[value="now"]');
    await expect(page.locator('h1').textContent()).resolves.toBe('Gửi cho 26 người?');
    await page.screenshot({ path: join(shots, 'b3-confirm.png') });
    await page.click('text=Xác nhận gửi cho 26 người');
    await page.waitForURL(/\/console\/broadcasts\/[A-Za-z0-9_-]+$/);
    expect(await page.locator('.flash.ok').textContent()).toBe('Đã bắt đầu gửi thông báo.');
  });

  it('shows the progress moving on its own until it is done', async () => {
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const text = (await page.locator('.progress-line').textContent().catch(() => '')) ?? '';
          seen.add(text);
          return page.locator('h1 .badge').textContent().catch(() => '');
        },
        { timeout: 15_000, interval: 250 },
      )
      .toBe('Đã gửi xong');
    // It was seen sending (the page reloaded itself), then finished: 26 of 26.
    expect([...seen].some((s) => /^Đã xử lý \d+\/26 người nhận/.test(s) && !s.startsWith('Đã xử lý 26/'))).toBe(true);
    expect(await page.locator('.progress-line').textContent()).toBe('Đã xử lý 26/26 người nhận');
    expect(await page.locator('head meta[http-equiv="refresh"]').count()).toBe(0);
    await page.screenshot({ path: join(shots, 'b4-done.png'), fullPage: true });
  });

  it('delivered exactly one message to each matching citizen, in their language, and none to the others', async () => {
    for (const m of [...MATCHING, { chat: 'chat-vi', locale: 'vi' as const }, { chat: 'chat-en', locale: 'en' as const }]) {
      const got = await history(m.chat, before.get(m.chat));
      expect(got.map((x) => x.text), m.chat).toEqual([m.locale === 'en' ? `${TEXT_EN}\n\nhttps://tphcm.gov.vn/trieu-cuong` : `${TEXT_VI}\n\nhttps://tphcm.gov.vn/trieu-cuong`]);
    }
    for (const o of OTHERS) expect(await history(o.chat, before.get(o.chat)), o.chat).toEqual([]);
  });

  it('downloads the delivery report as CSV that Excel reads in Vietnamese', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Tải báo cáo CSV')]);
    expect(download.suggestedFilename()).toMatch(/^broadcast-[A-Za-z0-9_-]+\.csv$/);
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.startsWith('\uFEFFKênh,Mã chat,Ngôn ngữ,Tình trạng,')).toBe(true);
    const rows = csv.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(26);
    expect(rows.every((r) => r.includes(',Đã gửi,'))).toBe(true);
    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
  });
});
