/**
 * The console's gate, through the real app with `inject`: login and logout, wrong passwords,
 * the rate limit, CSRF on every POST, session cookies, unauthenticated access (pages redirect,
 * photos 401), roles, and the audit trail of it all.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FileOfficialsStore } from '../../src/officials/officials-store.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { documentJpegBase64 } from '../support/web-api-client.ts';
import { hashPassword } from '../../src/officials/password-hash.ts';
import { addOfficial, ConsoleClient, submitMiniDossier, TEST_SCRYPT } from './console-support.ts';

/** Each failed login checks a real scrypt hash (~0.3–1 s on a busy 2-core machine): 20 of them need more than the default 20 s. */
const SCRYPT_TIMEOUT = { timeout: 90_000 };

const PASSWORD = 'mật khẩu thử nghiệm 2026';

let app: App;
let dataDir: string;
let code: string;
let photoId: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-console-auth-'));
  const store = createMemoryStore();
  app = createApp({
    config: loadConfig({ DATA_DIR: dataDir, PORT: '0' }),
    logger: silentLogger(),
    flowsDir: FIXTURE_FLOWS,
    store,
  });
  await addOfficial(dataDir, 'lan', PASSWORD);
  await addOfficial(dataDir, 'minh', PASSWORD, ['broadcast']);
  await addOfficial(dataDir, 'limited', PASSWORD);
  await addOfficial(dataDir, 'gone', PASSWORD);
  code = await submitMiniDossier(app.http, 'auth-chat', await documentJpegBase64());
  photoId = (await app.store.dossiers.get(code))!.photos[0]!;
});

afterAll(async () => {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

function audit(): { action: string; actor: string; target?: string; outcome: string; ip?: string }[] {
  return readFileSync(join(dataDir, 'console-audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('without a session', () => {
  it('redirects pages to the login page, keeping where to go back to', async () => {
    const c = new ConsoleClient(app.http);
    for (const url of ['/console', '/console/dossiers', `/console/dossiers/${code}`, '/console/dossiers?status=submitted']) {
      const r = await c.get(url);
      expect(r.status, url).toBe(303);
      expect(r.location).toBe(`/console/login?next=${encodeURIComponent(url)}`);
    }
  });

  it('answers 401 for photos and thumbnails, with no caching', async () => {
    const c = new ConsoleClient(app.http);
    for (const url of [`/console/dossiers/${code}/photos/${photoId}`, `/console/dossiers/${code}/photos/${photoId}?size=thumb`]) {
      const r = await c.get(url);
      expect(r.status).toBe(401);
      expect(r.headers['content-type']).not.toMatch(/image/);
      expect(r.headers['cache-control']).toBe('no-store');
    }
  });

  it('redirects a POST to the login page without acting', async () => {
    const c = new ConsoleClient(app.http);
    const r = await c.post(`/console/dossiers/${code}/actions/receive`, { expected: 'submitted' }, { csrf: 'x' });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/console/login?expired=1');
    expect((await app.store.dossiers.get(code))!.status).toBe('submitted');
  });

  it('serves the login page in Vietnamese, with a CSRF token and a strict httpOnly cookie', async () => {
    const c = new ConsoleClient(app.http);
    const r = await c.get('/console/login');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<html lang="vi">');
    expect(r.body).toContain('Đăng nhập');
    expect(c.csrf()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/^motcua_console=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toMatch(/Secure/);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(String(r.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    // The stylesheet is the one public file.
    expect((await c.get('/console/assets/console.css')).status).toBe(200);
  });

  it('marks the cookie Secure when served over https (behind a proxy)', async () => {
    const c = new ConsoleClient(app.http);
    const r = await c.get('/console/login', { 'x-forwarded-proto': 'https' });
    expect(String(r.headers['set-cookie'])).toMatch(/; Secure/);
  });
});

describe('logging in', () => {
  it('logs in with the right password: a new session id, the dossier list, an audit entry', async () => {
    const c = new ConsoleClient(app.http);
    await c.get('/console/login?next=%2Fconsole%2Fdossiers%3Fstatus%3Dsubmitted');
    const before = c.cookies.get('motcua_console');
    const r = await c.post('/console/login', { username: ' LAN ', password: PASSWORD, next: '/console/dossiers?status=submitted' });
    expect(r.status).toBe(303);
    expect(r.location).toBe('/console/dossiers?status=submitted');
    const after = c.cookies.get('motcua_console');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const list = await c.get(r.location!);
    expect(list.status).toBe(200);
    expect(list.body).toContain(code);
    expect(list.body).toContain('lan');
    expect(audit().some((e) => e.action === 'login' && e.actor === 'official:lan' && e.outcome === 'ok')).toBe(true);
    // The pre-login session is gone: its cookie opens nothing.
    const old = await app.http.inject({ method: 'GET', url: '/console/dossiers', headers: { cookie: `motcua_console=${before}` } });
    expect(old.statusCode).toBe(303);
  });

  it('refuses a wrong password and an unknown user with the same message and 401', async () => {
    const c = new ConsoleClient(app.http, '10.0.0.2');
    const wrong = await c.login('lan', 'not the password');
    const unknown = await c.login('nobody', PASSWORD);
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body).toContain('Tên đăng nhập hoặc mật khẩu không đúng.');
      expect(r.body).toMatch(/name="password" type="password"/);
    }
    expect((await c.get('/console/dossiers')).status).toBe(303);
    expect(audit().filter((e) => e.action === 'login_failed').map((e) => e.target)).toEqual(expect.arrayContaining(['lan', 'nobody']));
  });

  it('never sends a redirect off the console', async () => {
    for (const next of ['https://evil.example/', '//evil.example/console', '/console/../admin', '/\\evil.example']) {
      const c = new ConsoleClient(app.http);
      await c.get('/console/login');
      const r = await c.post('/console/login', { username: 'lan', password: PASSWORD, next });
      expect(r.location, next).toBe('/console');
    }
  });

  it('limits failed logins per username: the 6th try within 15 minutes is refused, even with the right password', async () => {
    const c = new ConsoleClient(app.http, '10.0.0.3');
    for (let i = 0; i < 5; i++) expect((await c.login('limited', `wrong ${i}`)).status).toBe(401);
    const blocked = await c.login('limited', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatch(/Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau 15 phút\./);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(800);
    // From another address too: the limit is on the account.
    expect((await new ConsoleClient(app.http, '10.0.0.4').login('limited', PASSWORD)).status).toBe(429);
    expect(audit().some((e) => e.action === 'login_limited' && e.target === 'limited')).toBe(true);
    // Other officials are not affected.
    expect((await new ConsoleClient(app.http, '10.0.0.5').login('lan', PASSWORD)).status).toBe(303);
  });

  it('limits failed logins per address across usernames', SCRYPT_TIMEOUT, async () => {
    const c = new ConsoleClient(app.http, '10.0.0.66');
    for (let i = 0; i < 20; i++) expect((await c.login(`guess${i}`, 'x')).status).toBe(401);
    expect((await c.login('lan', PASSWORD)).status).toBe(429);
    expect((await new ConsoleClient(app.http, '10.0.0.67').login('lan', PASSWORD)).status).toBe(303);
  });

  it('refuses a login form without its CSRF token or with a wrong one (403)', async () => {
    const c = new ConsoleClient(app.http);
    await c.get('/console/login');
    const missing = await c.post('/console/login', { username: 'lan', password: PASSWORD }, { csrf: null });
    expect(missing.status).toBe(403);
    const wrong = await c.post('/console/login', { username: 'lan', password: PASSWORD }, { csrf: 'A'.repeat(43) });
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('Trang đăng nhập đã hết hạn');
    // Without any session cookie (a login posted from elsewhere).
    const bare = await new ConsoleClient(app.http).post('/console/login', { username: 'lan', password: PASSWORD }, { csrf: 'A'.repeat(43) });
    expect(bare.status).toBe(403);
  });
});

describe('logged in', () => {
  let c: ConsoleClient;
  beforeAll(async () => {
    c = new ConsoleClient(app.http, '10.0.1.1');
    expect((await c.login('lan', PASSWORD)).status).toBe(303);
  });

  it('refuses every POST without the CSRF token, with a wrong one, or from another site (403), and acts with it', async () => {
    await c.get(`/console/dossiers/${code}`);
    const url = `/console/dossiers/${code}/actions/receive`;
    expect((await c.post(url, { expected: 'submitted' }, { csrf: null })).status).toBe(403);
    expect((await c.post(url, { expected: 'submitted' }, { csrf: 'wrong' })).status).toBe(403);
    await c.get(`/console/dossiers/${code}`);
    const other = await c.post(url, { expected: 'submitted' }, { headers: { origin: 'https://evil.example' } });
    expect(other.status).toBe(403);
    expect(other.body).toContain('Biểu mẫu đã hết hạn hoặc không được gửi từ trang quản lý này');
    expect((await c.post('/console/logout', {}, { csrf: null })).status).toBe(403);
    expect((await app.store.dossiers.get(code))!.status).toBe('submitted');
    expect(audit().filter((e) => e.action === 'csrf_refused').length).toBeGreaterThanOrEqual(4);
    await c.get(`/console/dossiers/${code}`);
    const ok = await c.post(url, { expected: 'submitted' });
    expect(ok.status).toBe(303);
    expect((await app.store.dossiers.get(code))!.status).toBe('received');
  });

  it('serves photos to a logged-in official, never cached, and only those of the dossier', async () => {
    const full = await c.get(`/console/dossiers/${code}/photos/${photoId}`);
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('image/jpeg');
    expect(full.headers['cache-control']).toBe('no-store, max-age=0');
    expect(full.headers['cross-origin-resource-policy']).toBe('same-origin');
    const thumb = await c.get(`/console/dossiers/${code}/photos/${photoId}?size=thumb`);
    expect(thumb.status).toBe(200);
    expect(Number(thumb.headers['content-length'])).toBeLessThan(Number(full.headers['content-length']));
    expect((await c.get(`/console/dossiers/${code}/photos/AAAAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await c.get(`/console/dossiers/HS-2222-2222/photos/${photoId}`)).status).toBe(404);
    expect(audit().some((e) => e.action === 'dossier.photo' && e.target === code && e.actor === 'official:lan')).toBe(true);
  });

  it('switches to English and back', async () => {
    const r = await c.get(`/console/lang/en?next=${encodeURIComponent(`/console/dossiers/${code}`)}`);
    expect(r.status).toBe(303);
    expect(r.location).toBe(`/console/dossiers/${code}`);
    const en = await c.get(r.location!);
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Work on this dossier');
    expect((await c.get('/console/lang/vi?next=https://evil.example')).location).toBe('/console');
    expect((await c.get('/console/dossiers')).body).toContain('<html lang="vi">');
  });

  it('logs out: the session ends and its cookie opens nothing', async () => {
    const d = new ConsoleClient(app.http, '10.0.1.2');
    await d.login('lan', PASSWORD);
    const token = d.cookies.get('motcua_console');
    await d.get('/console/dossiers');
    const r = await d.post('/console/logout', {});
    expect(r.status).toBe(303);
    expect(r.location).toBe('/console/login?bye=1');
    expect((await d.get(r.location!)).body).toContain('Bạn đã đăng xuất.');
    const replay = await app.http.inject({ method: 'GET', url: '/console/dossiers', headers: { cookie: `motcua_console=${token}` } });
    expect(replay.statusCode).toBe(303);
    expect(audit().some((e) => e.action === 'logout' && e.actor === 'official:lan')).toBe(true);
  });

  it('shows a 403 page to an official without the role, and no menu entry for it', async () => {
    const m = new ConsoleClient(app.http, '10.0.1.3');
    const r = await m.login('minh', PASSWORD);
    expect(r.location).toBe('/console');
    // Their start page is the broadcasts, the only part they may use.
    const start = await m.get('/console');
    expect(start.location).toBe('/console/broadcasts');
    const home = await m.get('/console/broadcasts');
    expect(home.status).toBe(200);
    expect(home.body).not.toContain('href="/console/dossiers"');
    expect((await m.get('/console/dossiers')).status).toBe(403);
    expect((await m.get(`/console/dossiers/${code}/photos/${photoId}`)).status).toBe(403);
  });

  it('ends the sessions of an official whose password was changed (motcua officials passwd)', async () => {
    await addOfficial(dataDir, 'doi-mk', PASSWORD);
    const o = new ConsoleClient(app.http, '10.0.1.5');
    await o.login('doi-mk', PASSWORD);
    expect((await o.get('/console/dossiers')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 5));
    await new FileOfficialsStore(dataDir).setPassword('doi-mk', await hashPassword('một mật khẩu mới', TEST_SCRYPT));
    expect((await o.get('/console/dossiers')).status).toBe(303);
    expect((await o.login('doi-mk', 'một mật khẩu mới')).status).toBe(303);
    expect((await o.get('/console/dossiers')).status).toBe(200);
  });

  it('ends the sessions of an official removed from officials.json at once', async () => {
    const g = new ConsoleClient(app.http, '10.0.1.4');
    await g.login('gone', PASSWORD);
    expect((await g.get('/console/dossiers')).status).toBe(200);
    await new FileOfficialsStore(dataDir).remove('gone');
    expect((await g.get('/console/dossiers')).status).toBe(303);
  });
});

describe('files', () => {
  it('keeps officials.json and the audit log owner-only, and no password in the audit log', () => {
    expect(statSync(join(dataDir, 'officials.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'console-audit.jsonl')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'console-audit.jsonl'), 'utf8')).not.toContain(PASSWORD);
  });
});
