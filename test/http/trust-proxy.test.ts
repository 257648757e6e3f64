/**
 * TRUST_PROXY: behind a reverse proxy the console counts failed logins per browser address
 * (X-Forwarded-For from a trusted proxy), not per proxy; without it the header is ignored, so a
 * client cannot pick its own address. The setting itself is validated at boot.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { TrustProxySchema } from '../../src/http/trust-proxy.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { addOfficial, ConsoleClient } from '../console/console-support.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';

/** Each failed login checks a real scrypt hash (~0.3–1 s on a busy 2-core machine): 20 of them need more than the default 20 s. */
const SCRYPT_TIMEOUT = { timeout: 90_000 };

const PASSWORD = 'mật khẩu thử nghiệm 2026';
let app: App | undefined;
let dataDir = '';

async function start(env: Record<string, string>): Promise<App> {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-proxy-'));
  app = createApp({ config: loadConfig({ DATA_DIR: dataDir, PORT: '0', ...env }), logger: silentLogger(), flowsDir: FIXTURE_FLOWS, store: createMemoryStore() });
  await addOfficial(dataDir, 'lan', PASSWORD);
  return app;
}

afterEach(async () => {
  await app?.stop();
  app = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const auditIps = (): (string | undefined)[] =>
  readFileSync(join(dataDir, 'console-audit.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { ip?: string }).ip);

describe('TRUST_PROXY', () => {
  it('parses address lists, refuses anything that would trust every client', () => {
    expect(TrustProxySchema.parse(undefined)).toBeUndefined();
    expect(TrustProxySchema.parse('')).toBeUndefined();
    expect(TrustProxySchema.parse(' loopback, 10.0.0.0/8 ,::1 ')).toEqual(['loopback', '10.0.0.0/8', '::1']);
    for (const bad of ['true', '1', '10.0.0.0/33', 'nginx', '192.168.1.1/24/2']) expect(TrustProxySchema.safeParse(bad).success, bad).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: expected the proxies' addresses or ranges, e.g. TRUST_PROXY=loopback,10.0.0.0\/8/);
  });

  it('behind a trusted proxy, limits failed logins per browser address, not per proxy', SCRYPT_TIMEOUT, async () => {
    const a = await start({ TRUST_PROXY: 'loopback' });
    const guesser = new ConsoleClient(a.http, '127.0.0.1', '203.0.113.7');
    for (let i = 0; i < 20; i++) expect((await guesser.login(`guess${i}`, 'x')).status).toBe(401);
    expect((await guesser.login('lan', PASSWORD)).status).toBe(429);
    // Another official behind the same proxy can still log in.
    expect((await new ConsoleClient(a.http, '127.0.0.1', '198.51.100.2').login('lan', PASSWORD)).status).toBe(303);
    expect(auditIps()).toContain('203.0.113.7');
    expect(auditIps()).not.toContain('127.0.0.1');
  });

  it('without it, X-Forwarded-For is ignored: a client cannot pick its own address', SCRYPT_TIMEOUT, async () => {
    const a = await start({});
    for (let i = 0; i < 20; i++) {
      // A new forged address on every try changes nothing: the limit counts the real one.
      expect((await new ConsoleClient(a.http, '192.0.2.9', `203.0.113.${i}`).login(`guess${i}`, 'x')).status).toBe(401);
    }
    expect((await new ConsoleClient(a.http, '192.0.2.9', '203.0.113.99').login('lan', PASSWORD)).status).toBe(429);
    expect(new Set(auditIps())).toEqual(new Set(['192.0.2.9']));
  });
});
