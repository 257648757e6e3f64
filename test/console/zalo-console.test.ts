/**
 * The console's Zalo page through the real app with `inject`: who may see it, the connection
 * states in words, and a QR login from the button to the saved session — the QR served only to
 * officials with the role and never cached, one login at a time, every step audited.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { CredentialsStore } from '../../src/channels/zalo/credentials-store.ts';
import type { SupervisorStatus } from '../../src/channels/zalo/supervisor.ts';
import { ZaloLoginDesk } from '../../src/channels/zalo/zalo-login-desk.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { FakeQrLogin, qrPng, SESSION } from '../zalo/fake-qr-login.ts';
import { addOfficial, ConsoleClient } from './console-support.ts';

const PASSWORD = 'quét mã đăng nhập 2026';

let app: App;
let dataDir: string;
let status: SupervisorStatus = { state: 'connected', failures: 0 };
let retries = 0;
let relogins = 0;
let fake: FakeQrLogin;
let desk: ZaloLoginDesk;
let store: CredentialsStore;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-zalo-console-'));
  store = new CredentialsStore(join(dataDir, 'zalo', 'credentials.json'));
  fake = new FakeQrLogin();
  desk = new ZaloLoginDesk({ login: fake.login, credentials: store, onSaved: () => relogins++ });
  const connection = { status: () => status, retryNow: () => void retries++ };
  app = createApp({ config: loadConfig({ DATA_DIR: dataDir, PORT: '0' }), logger: silentLogger(), flowsDir: FIXTURE_FLOWS, zalo: { connection, desk } });
  await addOfficial(dataDir, 'it.le', PASSWORD, ['officer', 'channels']);
  await addOfficial(dataDir, 'lan', PASSWORD, ['officer']);
});

afterAll(async () => {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function audit(): { action: string; actor: string; outcome: string; detail?: Record<string, unknown> }[] {
  return readFileSync(join(dataDir, 'console-audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

async function operator(): Promise<ConsoleClient> {
  const c = new ConsoleClient(app.http);
  expect((await c.login('it.le', PASSWORD)).status).toBe(303);
  return c;
}

/** The page's text without tags, for reading like a person. */
const text = (body: string): string => body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('who may see it', () => {
  it('is in the menu of officials with the channels role only; others get 403 and no QR', async () => {
    const c = await operator();
    expect((await c.get('/console/dossiers')).body).toContain('href="/console/zalo"');
    const other = new ConsoleClient(app.http);
    await other.login('lan', PASSWORD);
    expect((await other.get('/console/dossiers')).body).not.toContain('href="/console/zalo"');
    expect((await other.get('/console/zalo')).status).toBe(403);
    expect((await other.get('/console/zalo/qr.png')).status).toBe(403);
    expect((await other.post('/console/zalo/login', {})).status).toBe(403);
    expect(fake.calls).toBe(0);
    // Not logged in: the page sends to the login, the QR is 401.
    const anon = new ConsoleClient(app.http);
    expect((await anon.get('/console/zalo')).location).toMatch(/^\/console\/login/);
    expect((await anon.get('/console/zalo/qr.png')).status).toBe(401);
  });

  it('refuses a login started without the form token', async () => {
    const c = await operator();
    await c.get('/console/zalo');
    expect((await c.post('/console/zalo/login', {}, { csrf: null })).status).toBe(403);
    expect(fake.calls).toBe(0);
  });
});

describe('the connection', () => {
  it('says in words what state Zalo is in and what happens next', async () => {
    const c = await operator();
    status = { state: 'connected', failures: 0 };
    let page = await c.get('/console/zalo');
    expect(page.status).toBe(200);
    expect(text(page.body)).toContain('Đã kết nối');
    expect(text(page.body)).toContain('Bot đang nhận và gửi tin nhắn Zalo.');
    // Nothing under way: no self-reload.
    expect(page.body).not.toContain('http-equiv="refresh"');

    status = { state: 'waiting', failures: 3, problem: 'duplicate', lastClose: { code: 3000, reason: '' }, nextAttemptAt: Date.parse('2026-11-29T06:30:00Z') };
    page = await c.get('/console/zalo');
    const t = text(page.body);
    expect(t).toContain('Mất kết nối');
    expect(t).toContain('Zalo Web (chat.zalo.me)');
    expect(t).toContain('29/11/2026 13:30');
    expect(t).toMatch(/Số lần thử không thành công liên tiếp 3/);
    expect(page.body).toMatch(/http-equiv="refresh" content="15"/);
    // "Try now" asks the channel for an attempt at once.
    const r = await c.post('/console/zalo/retry', {});
    expect(text((await c.follow(r)).body)).toContain('Bot đang thử kết nối lại với Zalo.');
    expect(retries).toBe(1);

    status = { state: 'needs_login', failures: 1, problem: 'credentials', nextAttemptAt: Date.now() + 300_000 };
    page = await c.get('/console/zalo');
    expect(text(page.body)).toContain('Cần đăng nhập lại');
    expect(text(page.body)).toContain('Người dân nhắn qua Zalo sẽ chưa được trả lời');
    expect(page.body).toContain('action="/console/zalo/login"');
  });

  it('speaks English after the language switch', async () => {
    const c = await operator();
    c.cookies.set('motcua_console_lang', 'en');
    status = { state: 'needs_login', failures: 1, problem: 'credentials' };
    const t = text((await c.get('/console/zalo')).body);
    expect(t).toContain('Login needed');
    expect(t).toContain('Get a QR code to log in');
  });
});

describe('a QR login from the console', () => {
  it('shows the QR to scan, then saves the session and has the channel log in with it', async () => {
    status = { state: 'needs_login', failures: 1, problem: 'credentials' };
    const c = await operator();
    await c.get('/console/zalo');
    expect((await c.get('/console/zalo/qr.png')).status).toBe(404);
    let page = await c.follow(await c.post('/console/zalo/login', {}));
    expect(fake.calls).toBe(1);
    expect(text(page.body)).toContain('Đang lấy mã QR từ Zalo');
    expect(page.body).toMatch(/http-equiv="refresh" content="3"/);

    fake.qr(1);
    page = await c.get('/console/zalo');
    expect(page.body).toContain('src="/console/zalo/qr.png?v=1"');
    expect(text(page.body)).toContain('Mở ứng dụng Zalo trên điện thoại của tài khoản bot.');
    expect(text(page.body)).toContain('it.le bắt đầu lần đăng nhập này lúc');
    // The "try now" button is hidden while a login is under way.
    expect(page.body).not.toContain('action="/console/zalo/retry"');
    const png = await c.get('/console/zalo/qr.png?v=1');
    expect(png.status).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toContain('no-store');
    const bytes = await app.http.inject({ url: '/console/zalo/qr.png?v=1', headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(new Uint8Array(bytes.rawPayload)).toEqual(qrPng(1));

    // A second official's click does not start another login (it would void the QR shown).
    const again = await c.follow(await c.post('/console/zalo/login', {}));
    expect(text(again.body)).toContain('Một lần đăng nhập đang diễn ra.');
    expect(fake.calls).toBe(1);

    fake.qr(2);
    expect((await c.get('/console/zalo')).body).toContain('qr.png?v=2');
    fake.events!.onScanned!();
    page = await c.get('/console/zalo');
    expect(text(page.body)).toContain('Đã quét mã.');
    expect((await c.get('/console/zalo/qr.png')).status).toBe(404);

    fake.confirm();
    await vi.waitUntil(() => !desk.inProgress, { timeout: 5000 });
    page = await c.get('/console/zalo');
    expect(text(page.body)).toContain('Đã lưu phiên đăng nhập lúc');
    expect(page.body).not.toContain('http-equiv="refresh" content="3"');
    expect(relogins).toBe(1);
    expect(await store.read()).toMatchObject({ imei: SESSION.imei, cookie: SESSION.cookie });
    expect(statSync(store.path).mode & 0o777).toBe(0o600);

    const trail = audit().filter((a) => a.action.startsWith('zalo.'));
    expect(trail.map((a) => [a.action, a.actor, a.outcome])).toEqual([
      ['zalo.retry', 'official:it.le', 'ok'],
      ['zalo.login_start', 'official:it.le', 'ok'],
      ['zalo.login_start', 'official:it.le', 'refused'],
      ['zalo.login', 'official:it.le', 'ok'],
    ]);
    // The audit never holds the session or the QR.
    expect(readFileSync(join(dataDir, 'console-audit.jsonl'), 'utf8')).not.toContain('secret');
  });

  it('says when the login was declined on the phone, and offers a new QR', async () => {
    const c = await operator();
    await c.get('/console/zalo');
    await c.post('/console/zalo/login', {});
    fake.qr(3);
    fake.decline();
    await vi.waitUntil(() => !desk.inProgress, { timeout: 5000 });
    const page = await c.get('/console/zalo');
    expect(text(page.body)).toMatch(/Lần đăng nhập lúc .* đã bị từ chối trên điện thoại\./);
    expect(text(page.body)).toContain('Lấy mã QR mới');
    expect(audit().at(-1)).toMatchObject({ action: 'zalo.login', outcome: 'failed', detail: { phase: 'declined' } });
  });
});

describe('without Zalo', () => {
  it('says the channel is not enabled and how to enable it; nothing can be started', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-zalo-off-'));
    const plain = createApp({ config: loadConfig({ DATA_DIR: dir, PORT: '0' }), logger: silentLogger(), flowsDir: FIXTURE_FLOWS });
    try {
      await addOfficial(dir, 'it.le', PASSWORD, ['officer', 'channels']);
      const c = new ConsoleClient(plain.http);
      await c.login('it.le', PASSWORD);
      const page = await c.get('/console/zalo');
      expect(text(page.body)).toContain('ZALO_ENABLED=1');
      expect(page.body).not.toContain('action="/console/zalo/login"');
      expect(text((await c.follow(await c.post('/console/zalo/login', {}))).body)).toContain('Kênh Zalo chưa chạy trên máy chủ này.');
      expect((await c.get('/console/zalo/qr.png')).status).toBe(404);
    } finally {
      await plain.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
