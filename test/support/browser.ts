/**
 * @module Browser tests: Debian's chromium driven through playwright-core (no downloaded
 * browsers), with a throw-away profile and a phone-sized page.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

/** Where chromium lives: `CHROMIUM_PATH`, else Debian's package. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Whether browser tests can run here; the reason when not (for `describe.skipIf`). */
export function browserMissing(): string | null {
  const path = chromiumPath();
  return existsSync(path) ? null : `no chromium at ${path}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`;
}

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  browser: Browser;
  /** A fresh context (its own storage) with a phone viewport and touch; `options` override. */
  phone(options?: BrowserContextOptions): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** A typical phone (iPhone 12–15 class): 390×844 CSS pixels, touch, mobile layout. */
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
};

/**
 * Launches chromium. Playwright gives every launch its own temporary profile (it refuses a
 * `--user-data-dir` argument); HOME and the XDG dirs also point into a fresh temp dir, so
 * nothing is read from or left in the real home directory. `close()` removes it.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const missing = browserMissing();
  if (missing) throw new Error(missing);
  const profile = await mkdtemp(join(tmpdir(), 'motcua-chromium-'));
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ARGS,
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: join(profile, 'config'), XDG_CACHE_HOME: join(profile, 'cache') },
    timeout: 30_000,
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async phone(options = {}) {
      const context = await browser.newContext({ ...PHONE, ...options });
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface Watched {
  /** Page errors, console errors, and (with `httpErrors`) "<status> <method> <path>" of answers ≥ 400. */
  errors: string[];
  /** Requests that left the app's origin (the machine is offline: there must be none). */
  foreign: string[];
}

/**
 * Records what a test should find empty at the end: errors on the page and requests that leave
 * the app. `ignoreConsole`: console errors that are the app working (e.g. a 400 answer logged as a
 * failed resource). `httpErrors`: also record answers ≥ 400, for tests that expect each one.
 */
export function watchPage(page: Page, origin: string, opts: { ignoreConsole?: RegExp; httpErrors?: boolean } = {}): Watched {
  const w: Watched = { errors: [], foreign: [] };
  page.on('pageerror', (e) => w.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !opts.ignoreConsole?.test(m.text())) w.errors.push(m.text());
  });
  if (opts.httpErrors) {
    page.on('response', (r) => {
      if (r.status() >= 400) w.errors.push(`${r.status()} ${r.request().method()} ${r.url().replace(origin, '')}`);
    });
  }
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) w.foreign.push(u);
  });
  return w;
}
