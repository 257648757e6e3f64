/**
 * With Redis, officials' console sessions and failed logins belong to the deployment, not to a
 * process: a login survives a restart, and two processes count failures together.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../support/redis.ts';
import { addOfficial, ConsoleClient } from './console-support.ts';

/** Each failed login checks a real scrypt hash (~0.3–1 s on a busy 2-core machine): 20 of them need more than the default 20 s. */
const SCRYPT_TIMEOUT = { timeout: 90_000 };

const PASSWORD = 'mật khẩu thử nghiệm 2026';
const prefix = uniquePrefix('console-app');
let dataDir: string;
const apps: App[] = [];

const start = (): App => {
  const app = createApp({ config: loadConfig({ DATA_DIR: dataDir, PORT: '0', REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix }), logger: silentLogger(), flowsDir: FIXTURE_FLOWS });
  apps.push(app);
  return app;
};

/** The same browser (its cookies) talking to another process. */
const sameBrowser = (from: ConsoleClient, app: App): ConsoleClient => {
  const c = new ConsoleClient(app.http);
  for (const [k, v] of from.cookies) c.cookies.set(k, v);
  return c;
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-console-redis-'));
  await addOfficial(dataDir, 'lan', PASSWORD);
  await addOfficial(dataDir, 'minh', PASSWORD);
});

afterAll(async () => {
  for (const app of apps) await app.stop().catch(() => {});
  await deleteKeys(testRedisUrl(), prefix);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the console on Redis', () => {
  it('keeps an official logged in across a restart', async () => {
    const first = start();
    const browser = new ConsoleClient(first.http);
    expect((await browser.login('lan', PASSWORD)).status).toBe(303);
    expect((await browser.get('/console/dossiers')).status).toBe(200);
    await first.stop();

    const second = start();
    expect((await sameBrowser(browser, second).get('/console/dossiers')).status).toBe(200);
    // Logging out in one process ends the session in every other.
    const third = start();
    const out = sameBrowser(browser, second);
    const page = await out.get('/console/dossiers');
    expect(page.status).toBe(200);
    expect((await out.post('/console/logout', {})).status).toBe(303);
    expect((await sameBrowser(browser, third).get('/console/dossiers')).status).toBe(303);
  });

  it('counts failed logins across processes', SCRYPT_TIMEOUT, async () => {
    const a = start();
    const b = start();
    for (let i = 0; i < 5; i++) expect((await new ConsoleClient(i % 2 ? a.http : b.http, `10.1.0.${i}`).login('minh', 'sai mật khẩu')).status).toBe(401);
    // The sixth try, even with the right password and from a third address, waits.
    expect((await new ConsoleClient(a.http, '10.1.0.9').login('minh', PASSWORD)).status).toBe(429);
  });
});
