import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsStore } from '../../src/channels/zalo/credentials-store.ts';
import { ZcaPort } from '../../src/channels/zalo/zca-port.ts';
import { RecordLog } from './record-log.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-zca-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const creds = (cookie: string) => ({ imei: 'imei-x', userAgent: 'UA', cookie: [{ key: 'zpw_sek', value: cookie, domain: 'chat.zalo.me' }] });

/**
 * A fetch that records URLs and answers like Zalo does for a dead session: no data, and the
 * error getServerInfo reported in RFS-ADRENO/zca-js#315 ("zpw_sek is missing or wrong").
 */
function zaloSaysNo(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  const fake: typeof fetch = async (input) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return new Response(JSON.stringify({ error_code: -1, error_message: 'zpw_sek bị thiếu hoặc không đúng', data: null }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch: fake, urls };
}

describe('ZcaPort login (no network: zca-js talks to a fake fetch)', () => {
  it('reports missing credentials without calling Zalo', async () => {
    const { fetch, urls } = zaloSaysNo();
    const port = new ZcaPort({ store: new CredentialsStore(join(dir, 'credentials.json')), fetch });
    await expect(port.start()).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { problem: 'missing' } });
    expect(urls).toEqual([]);
  });

  it('turns a rejected session into the operator error, and does not ask Zalo again until the file changes', async () => {
    const store = new CredentialsStore(join(dir, 'credentials.json'));
    await store.write(creds('old-session'));
    const { fetch, urls } = zaloSaysNo();
    const log = new RecordLog();
    const port = new ZcaPort({ store, fetch, log });
    await expect(port.start()).rejects.toMatchObject({ code: 'CONFIG_INVALID', details: { problem: 'rejected' } });
    const calls = urls.length;
    expect(calls).toBeGreaterThan(0);
    // zca-js's own update check is off: no npm registry request.
    expect(urls.some((u) => u.includes('registry.npmjs.org'))).toBe(false);
    await expect(port.start({ relogin: true })).rejects.toMatchObject({ details: { problem: 'rejected' } });
    expect(urls).toHaveLength(calls);
    await store.write(creds('new-session'));
    await expect(port.start({ relogin: true })).rejects.toMatchObject({ details: { problem: 'rejected' } });
    expect(urls.length).toBeGreaterThan(calls);
    expect(JSON.stringify(log.entries)).not.toContain('session');
  });

  it('treats a network failure as transient, not as a dead session', async () => {
    const store = new CredentialsStore(join(dir, 'credentials.json'));
    await store.write(creds('s'));
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const port = new ZcaPort({ store, fetch });
    await expect(port.start()).rejects.toMatchObject({ code: 'DELIVERY_FAILED', details: { transient: true } });
  });

  it('refuses to send before a login, as an offline error the queue waits out', async () => {
    const port = new ZcaPort({ store: new CredentialsStore(join(dir, 'c.json')) });
    await expect(port.sendText('u1', 'x')).rejects.toMatchObject({ code: 'DELIVERY_FAILED', details: { offline: true } });
  });
});
