/**
 * The web chat in a real browser at phone size, against the real app (memory store): a
 * citizen completes `phan-anh` and `khai-sinh` (photos, location) and gets a tracking code;
 * a reload keeps the conversation; a push shows up through polling; bad input gets the
 * server's friendly message. Screenshots go to MOTCUA_SCREENSHOTS or a temp dir.
 */
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { browserMissing, launchBrowser, watchPage, type TestBrowser, type Watched } from '../support/browser.ts';
import { freePort } from '../support/redis.ts';
import { ChatDriver, readFlow, type Answer, type StepInfo } from './chat-driver.ts';

const ROOT = new URL('../../', import.meta.url);
const FLOWS = new URL('flows/', ROOT);
const TRACKING = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/;
/** Hà Nội, Hoàn Kiếm: inside Vietnam, as a phone's GPS would report it. */
const HANOI = { latitude: 21.028511, longitude: 105.854167 };

const skip = browserMissing();

/** A photo of a paper document: an off-white page with a title and ruled lines, as JPEG. */
async function documentJpeg(dir: string, name: string, title: string): Promise<string> {
  const lines = Array.from({ length: 14 }, (_, i) => `<rect x="90" y="${260 + i * 44}" width="${i % 3 === 2 ? 520 : 820}" height="10" fill="#9aa3ad"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000">
    <rect width="1000" height="1000" fill="#6b5a48"/>
    <rect x="50" y="40" width="900" height="920" fill="#f7f3ea"/>
    <text x="500" y="170" font-family="DejaVu Sans, sans-serif" font-size="52" font-weight="bold" text-anchor="middle" fill="#2a2a2a">${title}</text>
    ${lines}
  </svg>`;
  const path = join(dir, name);
  await sharp(Buffer.from(svg)).jpeg({ quality: 82 }).toFile(path);
  return path;
}

/** A camera photo as phones take them: 3200×2400, grainy, over the page's 1.5 MB shrink threshold. */
async function phonePhoto(dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await sharp({ create: { width: 3200, height: 2400, channels: 3, background: '#8a7f70', noise: { type: 'gaussian', mean: 120, sigma: 14 } } })
    .jpeg({ quality: 88 })
    .toFile(path);
  return path;
}

/** Today minus `days` as d/m/yyyy in Vietnam's time zone. */
function vnDate(daysAgo: number): string {
  const d = new Date(Date.now() - daysAgo * 86_400_000);
  const [y, m, day] = d.toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).split('-');
  return `${Number(day)}/${Number(m)}/${y}`;
}

/** Fills any step the per-flow table does not name, by its type. */
function byType(photos: string[]) {
  return (s: StepInfo): Answer => {
    switch (s.type) {
      case 'choice':
        return { option: s.options[0]! };
      case 'yesno':
        return { text: 'có' };
      case 'photo':
        return { photos: s.max && s.max > 1 ? photos : photos.slice(0, 1) };
      case 'location':
        return { location: true };
      case 'name':
        return { text: 'Trần Thị Mai' };
      case 'phone':
        return { text: '0912 345 678' };
      case 'email':
        return { text: 'mai.tran@example.com' };
      case 'cccd':
        return { text: '079190001234' };
      case 'date':
        return { text: vnDate(10) };
      case 'number':
        return { text: '2' };
      case 'address':
        return { text: '12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh' };
      default:
        return s.optional ? { skip: true } : { text: 'Quán nhậu bày bàn ghế chiếm hết vỉa hè trước số 45 Lê Lợi, người đi bộ phải xuống lòng đường.' };
    }
  };
}

async function pageText(page: Page): Promise<string> {
  return (await page.locator('#messages').textContent()) ?? '';
}

/** Like a phone chat: only the message list scrolls; the page itself never does, the header stays. */
async function expectPageFits(page: Page): Promise<void> {
  const m = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const header = document.querySelector('header')!.getBoundingClientRect();
    const composer = document.querySelector('.composer')!.getBoundingClientRect();
    return { extraY: root.scrollHeight - innerHeight, extraX: root.scrollWidth - innerWidth, scrollY, headerTop: header.top, composerBottom: composer.bottom, innerHeight };
  });
  expect(m.extraX, 'page wider than the screen').toBeLessThanOrEqual(0);
  expect(m.extraY, 'page taller than the screen').toBeLessThanOrEqual(0);
  expect(m.scrollY).toBe(0);
  expect(m.headerTop).toBe(0);
  expect(Math.round(m.composerBottom)).toBe(m.innerHeight);
}

/** Each logged bot message appears once. */
async function expectNoDuplicateSeqs(page: Page): Promise<void> {
  const seqs = await page.$$eval('#messages > li[data-seq]', (lis) => lis.map((li) => li.getAttribute('data-seq')));
  expect(new Set(seqs).size).toBe(seqs.length);
}

describe.skipIf(skip !== null)('web chat in a phone browser', () => {
  let app: App;
  let url: string;
  let tb: TestBrowser;
  let dataDir: string;
  let shots: string;
  let photos: string[];
  let certificate: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-web-'));
    shots = process.env.MOTCUA_SCREENSHOTS ?? join(dataDir, 'screenshots');
    await mkdir(shots, { recursive: true });
    const fixtures = join(dataDir, 'fixtures');
    await mkdir(fixtures);
    photos = [await documentJpeg(fixtures, 'via-he-1.jpg', 'HIỆN TRƯỜNG 1'), await phonePhoto(fixtures, 'via-he-2.jpg')];
    certificate = await documentJpeg(fixtures, 'giay-chung-sinh.jpg', 'GIẤY CHỨNG SINH');
    // PORT=0 ("any free port") would be simplest, but the config schema requires 1–65535.
    const port = String(await freePort());
    app = createApp({ config: loadConfig({ PORT: port, DATA_DIR: join(dataDir, 'data'), LOG_LEVEL: 'silent' }), logger: silentLogger() });
    url = await app.start();
    tb = await launchBrowser();
  });

  afterAll(async () => {
    await tb?.close();
    await app?.stop();
    if (!process.env.MOTCUA_SCREENSHOTS) process.stdout.write(`web chat screenshots: ${shots}\n`);
    // Screenshots stay for a person to look at; the rest goes.
    await rm(join(dataDir, 'data'), { recursive: true, force: true });
  });

  async function open(options: Parameters<TestBrowser['phone']>[0] = {}): Promise<{ context: BrowserContext; page: Page; chat: ChatDriver; watched: Watched }> {
    const { context, page } = await tb.phone(options);
    // A 400 answer is logged by the browser as a failed resource; that is the API working.
    const watched = watchPage(page, url, { ignoreConsole: /status of 400/ });
    const chat = new ChatDriver(page);
    await page.goto(url);
    await chat.waitForBot(0);
    return { context, page, chat, watched };
  }

  it('greets in Vietnamese with the procedures as buttons, fits a 360 px phone, loads nothing from outside', async () => {
    const { context, page, chat, watched } = await open({ viewport: { width: 360, height: 640 } });
    expect(await page.locator('h1').textContent()).toMatch(/Một Cửa\s+—\s+trợ lý thủ tục hành chính/);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    const greeting = await chat.lastBot();
    expect(greeting.text).toMatch(/Xin chào/);
    expect(greeting.choices.map((c) => c.value)).toEqual(expect.arrayContaining(['flow:khai-sinh']));
    // Nothing wider than the screen; tap targets at least 44 px high; body text at least 17 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    for (const sel of ['.choices button', '#send', '#locate', '#gallery', '#camera', '#text']) {
      const box = await page.locator(sel).first().boundingBox();
      expect(box, sel).not.toBeNull();
      expect(box!.height, sel).toBeGreaterThanOrEqual(44);
      expect(box!.x + box!.width, sel).toBeLessThanOrEqual(360);
    }
    const fontPx = await page.$eval('#messages .bubble', (b) => parseFloat(getComputedStyle(b).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(17);
    // Accessible names for every control; the message list is a live region.
    expect(await page.getAttribute('#messages', 'aria-live')).toBe('polite');
    for (const b of await page.locator('button:visible').all()) expect((await b.getAttribute('aria-label')) ?? (await b.textContent())?.trim()).toBeTruthy();
    expect(await page.getAttribute('#photo-camera', 'capture')).toBe('environment');
    expect(await page.getAttribute('#photo-pick', 'accept')).toBe('image/*');
    await expectPageFits(page);
    await page.screenshot({ path: join(shots, '1-greeting-360.png') });
    expect(watched.foreign).toEqual([]);
    expect(watched.errors).toEqual([]);
    await context.close();
  });

  it('completes phan-anh: category, description, two photos, GPS location, contact — and shows the tracking code', async () => {
    const { context, page, chat, watched } = await open({ permissions: ['geolocation'], geolocation: HANOI });
    const uploads: Buffer[] = [];
    page.on('request', (r) => {
      const body = r.method() === 'POST' ? (JSON.parse(r.postData() ?? '{}') as { photo?: string }) : {};
      if (body.photo) uploads.push(Buffer.from(body.photo, 'base64'));
    });
    await chat.tapValue('flow:phan-anh');
    const flow = readFlow(new URL('phan-anh.yaml', FLOWS).pathname);
    const answers: Record<string, Answer> = {
      category: { option: 'sidewalk' },
      description: { text: 'Quán nhậu bày bàn ghế chiếm hết vỉa hè trước số 45 Lê Lợi từ 17 giờ mỗi ngày, người đi bộ phải xuống lòng đường.' },
      photos: { photos },
      location: { location: true },
    };
    const code = await chat.completeFlow(flow, answers, byType(photos));
    expect(code).toMatch(TRACKING);
    expect(await pageText(page)).toContain(code);
    await page.locator('#messages .code', { hasText: code }).last().waitFor({ state: 'visible' });
    // The photos show as thumbnails in the user's bubbles; the location as coordinates.
    expect(await page.locator('#messages li.user img.thumb').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#messages li.user', { hasText: '21.02851, 105.85417' }).count()).toBe(1);
    // The small photo went as it was; the big camera photo was shrunk on the phone first.
    expect(uploads).toHaveLength(2);
    expect(uploads[0]!.equals(readFileSync(photos[0]!))).toBe(true);
    const big = await sharp(uploads[1]!).metadata();
    expect(Math.max(big.width!, big.height!)).toBeLessThanOrEqual(2560);
    expect(big.format).toBe('jpeg');
    // Answered questions' buttons are disabled; the one tapped is marked.
    expect(await page.locator('#messages li.bot:not(:last-child) .choices button:not(:disabled)').count()).toBe(0);
    expect(await page.locator('#messages .choice.chosen').count()).toBeGreaterThan(0);
    await expectNoDuplicateSeqs(page);
    await expectPageFits(page);
    await page.screenshot({ path: join(shots, '2-phan-anh-done.png') });
    expect(watched.foreign).toEqual([]);
    expect(watched.errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('completes khai-sinh with the hospital birth certificate photo and shows the tracking code', async () => {
    const { context, page, chat, watched } = await open();
    await chat.tapValue('flow:khai-sinh');
    const flow = readFlow(new URL('khai-sinh.yaml', FLOWS).pathname);
    const answers: Record<string, Answer> = {
      filer: { option: 'self' },
      requester_relation: { option: 'mother' },
      requester_name: { text: 'Trần Thị Bình' },
      requester_cccd: { text: '079190001234' },
      requester_phone: { text: '0912 345 678' },
      family_address: { text: '12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh' },
      child_name: { text: 'nguyễn  minh anh' },
      child_dob: { text: vnDate(12) },
      late_registration: { option: 'yes' },
      child_sex: { option: 'female' },
      birth_place_type: { option: 'facility' },
      birth_facility: { text: 'Bệnh viện Từ Dũ, TP. Hồ Chí Minh' },
      has_birth_cert: { option: 'yes' },
      birth_cert_photo: { photos: [certificate] },
      child_ethnicity: { option: 'kinh' },
      child_nationality: { option: 'vn' },
      child_hometown: { text: 'xã Nghi Lộc, tỉnh Nghệ An' },
      mother_name: { text: 'Trần Thị Bình' },
      mother_cccd: { text: '079190001234' },
      parents_married: { option: 'yes' },
      marriage_cert_photo: { skip: true },
      father_name: { text: 'Nguyễn Văn Cường' },
      father_cccd: { text: '079088005678' },
    };
    const code = await chat.completeFlow(flow, answers, byType([certificate]));
    expect(code).toMatch(TRACKING);
    await page.locator('#messages .code', { hasText: code }).last().waitFor({ state: 'visible' });
    expect(await page.locator('#messages li.user img.thumb').count()).toBeGreaterThanOrEqual(1);
    await expectNoDuplicateSeqs(page);
    await page.screenshot({ path: join(shots, '3-khai-sinh-done.png') });
    await expectPageFits(page);
    // A smaller screen (or a phone keyboard opening) keeps the newest message in view.
    // Scrolled to the end as a reader would, and the page has seen that scroll (its handler runs
    // on the next frame; a resize in the same frame would make it read the scroll as layout).
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const c = document.getElementById('chat')!;
          c.scrollTop = c.scrollHeight;
          requestAnimationFrame(() => requestAnimationFrame(() => done()));
        }),
    );
    await page.setViewportSize({ width: 360, height: 640 });
    // The page re-scrolls on resize; under load that can take a moment, so poll rather than sleep.
    const inView = (): Promise<boolean> =>
      page.evaluate(() => {
        const c = document.getElementById('chat')!.getBoundingClientRect();
        const last = document.querySelector('#messages > li:last-child')!.getBoundingClientRect();
        return last.bottom <= c.bottom + 1 && last.bottom > c.top;
      });
    await expect.poll(inView, { timeout: 5_000 }).toBe(true);
    await expectPageFits(page);
    await page.screenshot({ path: join(shots, '4-khai-sinh-done-360.png') });
    expect(watched.foreign).toEqual([]);
    expect(watched.errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('keeps the conversation over a reload: bot messages from the server, the user’s own from this device', async () => {
    const { context, page, chat } = await open();
    const chatId = await page.evaluate(() => localStorage.getItem('motcua.chat'));
    expect(chatId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await chat.tapValue('flow:khai-sinh');
    await chat.tapValue('consent:yes');
    await chat.tapValue('a:filer:self');
    const before = await chat.botMessages();
    const userBefore = await page.locator('#messages li.user').allTextContents();
    await page.reload();
    await chat.waitForBot(before.length - 1);
    expect(await page.evaluate(() => localStorage.getItem('motcua.chat'))).toBe(chatId);
    const after = await chat.botMessages();
    expect(after.map((m) => m.text)).toEqual(before.map((m) => m.text));
    expect(await page.locator('#messages li.user').allTextContents()).toEqual(userBefore);
    // Only the open question's buttons can still be tapped.
    expect(await page.locator('#messages li.bot:not(:last-child) .choices button:not(:disabled)').count()).toBe(0);
    const last = after[after.length - 1]!;
    expect(last.choices.every((c) => !c.disabled)).toBe(true);
    // And the conversation continues where it was.
    const next = await chat.tapValue(last.choices[0]!.value);
    expect(next.error).toBe(false);
    await context.close();
  }, 60_000);

  it('shows a push (a status update sent to the chat) through polling, once', async () => {
    const { context, page, chat } = await open();
    const chatId = (await page.evaluate(() => localStorage.getItem('motcua.chat')))!;
    const n = await chat.botCount();
    const text = 'Hồ sơ HS-7K2M-9QXD: đã tiếp nhận.\nCán bộ sẽ liên hệ nếu cần bổ sung.';
    await app.web.send(chatId, [{ text }]);
    await chat.waitForBot(n, 12_000);
    expect((await chat.lastBot()).text).toBe(text);
    await page.locator('#messages li.bot.push .code', { hasText: 'HS-7K2M-9QXD' }).waitFor({ state: 'visible' });
    // Line breaks kept; inserted as text, never as HTML.
    await app.web.send(chatId, [{ text: '<img src=x onerror="document.title=\'pwned\'"> <b>không đậm</b>' }]);
    await chat.waitForBot(n + 1, 12_000);
    expect(await page.locator('#messages img[src="x"], #messages b').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    // Another poll round does not repeat them.
    await page.waitForTimeout(4_000);
    expect(await chat.botCount()).toBe(n + 2);
    await expectNoDuplicateSeqs(page);
    await context.close();
  }, 40_000);

  it('shows the server’s friendly message for a 3000-character message, and the chat goes on', async () => {
    const { context, page, chat } = await open();
    const long = 'a'.repeat(3000);
    const direct = await fetch(`${url}/api/sim/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat: 'probe', text: long }) });
    expect(direct.status).toBe(400);
    const expected = ((await direct.json()) as { error: { code: string; message: string } }).error;
    expect(expected.code).toBe('TEXT_TOO_LONG');
    const reply = await chat.type(long);
    expect(reply.error).toBe(true);
    expect(reply.text).toBe(expected.message);
    expect(await page.locator('#messages li.user .status.failed').count()).toBe(1);
    // The greeting's buttons were given back; the conversation continues.
    const next = await chat.tapValue('flow:khai-sinh');
    expect(next.error).toBe(false);
    await context.close();
  }, 40_000);

  it('retries a POST whose answer was lost with the same id: processed once, shown once', async () => {
    const { context, page, chat } = await open();
    const sent: { id: string; choice?: string }[] = [];
    let lost = false;
    await page.route('**/api/sim/messages', async (route) => {
      const req = route.request();
      if (req.method() !== 'POST') return route.continue();
      const body = JSON.parse(req.postData() ?? '{}') as { id: string; choice?: string };
      sent.push(body);
      if (body.choice === 'flow:khai-sinh' && !lost) {
        lost = true;
        await route.fetch(); // the server handles it…
        return route.abort('connectionreset'); // …but the answer never reaches the phone
      }
      return route.continue();
    });
    const reply = await chat.tapValue('flow:khai-sinh');
    expect(reply.choices.map((c) => c.value)).toContain('consent:yes');
    const taps = sent.filter((b) => b.choice === 'flow:khai-sinh');
    expect(taps).toHaveLength(2);
    expect(taps[0]!.id).toBe(taps[1]!.id);
    expect(taps[0]!.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const consent = (await chat.botMessages()).filter((m) => m.choices.some((c) => c.value === 'consent:yes'));
    expect(consent).toHaveLength(1);
    expect(await page.locator('#messages li.user').count()).toBe(1);
    await expectNoDuplicateSeqs(page);
    await context.close();
  }, 40_000);

  it('"xóa dữ liệu" (delete my data) also clears the conversation from the screen and the device', async () => {
    const { context, page, chat } = await open();
    await chat.tapValue('flow:khai-sinh');
    await chat.tapValue('consent:yes');
    await chat.tapValue('a:filer:self');
    const chatId = (await page.evaluate(() => localStorage.getItem('motcua.chat')))!;
    expect(await page.evaluate((id) => localStorage.getItem(`motcua.sent.${id}`), chatId)).not.toBeNull();
    const ask = await chat.type('xóa dữ liệu');
    expect(ask.choices.map((c) => c.value), `the bot did not take "xóa dữ liệu" as the delete command: ${ask.text}`).toContain('confirm:yes');
    // The screen empties except for the bot's confirmation, so wait for that rather than for "one more".
    await page.locator('#messages .choices button[data-value="confirm:yes"]:not(:disabled)').click();
    await page.waitForFunction(() => document.querySelectorAll('#messages > li').length === 1 && (document.getElementById('typing') as HTMLElement).hidden);
    const done = await chat.lastBot();
    expect(done.error).toBe(false);
    expect(await page.evaluate((id) => localStorage.getItem(`motcua.sent.${id}`), chatId)).toBeNull();
    // After a reload, only what the server still has.
    await page.reload();
    await chat.waitForBot(0);
    expect((await chat.botMessages()).map((m) => m.text)).toEqual([done.text]);
    await context.close();
  }, 40_000);

  it('says so kindly when location is not allowed', async () => {
    const { context, page } = await open();
    await page.locator('#locate').click();
    await page.locator('#messages li.bot.local', { hasText: 'chưa cho phép' }).waitFor({ state: 'visible' });
    await context.close();
  });

  it('rejects an absurdly large file on the phone, before uploading it', async () => {
    const { context, page } = await open();
    const requests: string[] = [];
    page.on('request', (r) => { if (r.method() === 'POST') requests.push(r.url()); });
    // A sparse file on disk: the browser gets its path, nothing is streamed to it.
    const huge = join(dataDir, 'fixtures', 'huge.jpg');
    await truncate(huge, 31 * 1024 * 1024).catch(async () => {
      await writeFile(huge, '');
      await truncate(huge, 31 * 1024 * 1024);
    });
    await page.locator('#photo-pick').setInputFiles(huge);
    await page.locator('#messages li.bot.local', { hasText: 'quá lớn' }).waitFor({ state: 'visible' });
    expect(requests).toEqual([]);
    await context.close();
  }, 60_000);

  it('switches language with the toggle: the bot and the page both speak English', async () => {
    const { context, page, chat } = await open();
    const en = parse(readFileSync(new URL('locales/en/engine.yaml', ROOT), 'utf8')) as { language_set: string };
    const before = (await chat.botMessages()).length;
    const reply = await chat.expectReply(() => page.locator('#lang').click());
    expect(await page.locator('#messages li.user').last().textContent()).toContain('English');
    // "Switched to English." then the open question — here the menu — again, in English.
    const fresh = (await chat.botMessages()).slice(before).map((m) => m.text);
    expect(fresh.join('\n')).toContain(en.language_set);
    expect(reply.text).toMatch(/Which procedure/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getAttribute('#text', 'placeholder')).toBe('Type your answer…');
    expect(await page.locator('#lang').textContent()).toBe('Tiếng Việt');
    // Switching language is not an answer: the menu's buttons can still be tapped.
    expect(await page.locator('#messages .choices button:not(:disabled)').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(shots, '5-english.png') });
    await context.close();
  });

  it('"Bắt đầu lại cuộc trò chuyện" forgets the chat id and starts a new conversation', async () => {
    const { context, page, chat } = await open();
    const first = await page.evaluate(() => localStorage.getItem('motcua.chat'));
    await chat.tapValue('flow:khai-sinh');
    page.once('dialog', (d) => void d.accept());
    await page.locator('#restart').click();
    await chat.waitForBot(0);
    const second = await page.evaluate(() => localStorage.getItem('motcua.chat'));
    expect(second).not.toBe(first);
    const msgs = await chat.botMessages();
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.text).toMatch(/Xin chào/);
    await context.close();
  });
});

if (skip) describe('web chat in a phone browser', () => it.skip(skip, () => {}));
