import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CredentialsStore } from '../../src/channels/zalo/credentials-store.ts';
import { isMotcuaError } from '../../src/errors.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-zalo-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const creds = {
  imei: 'c3f1a2b4-0000-4000-8000-000000000000-5d41402abc4b2a76b9719d911017c592',
  userAgent: 'Mozilla/5.0 test',
  language: 'vi',
  cookie: [{ key: 'zpw_sek', value: 'secret-session', domain: 'chat.zalo.me', path: '/', httpOnly: true }],
};

describe('CredentialsStore', () => {
  it('writes the file with mode 0600 in a 0700 directory, atomically, and reads it back', async () => {
    const store = new CredentialsStore(join(dir, 'data', 'zalo', 'credentials.json'));
    await store.write(creds);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'data', 'zalo'))).mode & 0o777).toBe(0o700);
    // No temp file left behind.
    expect(await readdir(join(dir, 'data', 'zalo'))).toEqual(['credentials.json']);
    const back = await store.read();
    expect(back).toMatchObject({ version: 1, ...creds });
    expect(typeof back.savedAt).toBe('string');
  });

  it('tightens an existing, too open directory and file on rewrite', async () => {
    const zdir = join(dir, 'zalo');
    await mkdir(zdir, { mode: 0o755 });
    await chmod(zdir, 0o755);
    await writeFile(join(zdir, 'credentials.json'), '{}', { mode: 0o644 });
    const store = new CredentialsStore(join(zdir, 'credentials.json'));
    await store.write(creds);
    expect((await stat(zdir)).mode & 0o777).toBe(0o700);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
  });

  it('says an operator must run `npx motcua zalo login` when the file is missing', async () => {
    const err: unknown = await new CredentialsStore(join(dir, 'nope.json')).read().catch((e: unknown) => e);
    expect(isMotcuaError(err, 'CONFIG_INVALID')).toBe(true);
    if (!isMotcuaError(err)) return;
    expect(err.message).toMatch(/missing.*an operator must run `npx motcua zalo login` and scan the QR code/);
    expect(err.details).toMatchObject({ problem: 'missing', action: 'npx motcua zalo login' });
  });

  it.each([
    ['not JSON', 'cookie=abc'],
    ['no cookies', JSON.stringify({ imei: 'x', userAgent: 'y', cookie: [] })],
    ['a cookie without a name', JSON.stringify({ imei: 'x', userAgent: 'y', cookie: [{ value: 'v' }] })],
    ['missing imei', JSON.stringify({ userAgent: 'y', cookie: [{ key: 'k', value: 'v' }] })],
  ])('rejects a malformed file (%s) without echoing its content', async (_what, content) => {
    const path = join(dir, 'credentials.json');
    await writeFile(path, content);
    const err: unknown = await new CredentialsStore(path).read().catch((e: unknown) => e);
    expect(isMotcuaError(err, 'CONFIG_INVALID')).toBe(true);
    if (!isMotcuaError(err)) return;
    expect(err.details).toMatchObject({ problem: 'invalid' });
    expect(err.message).not.toContain('abc');
  });

  it('accepts cookies exported by a browser extension (name instead of key)', async () => {
    const path = join(dir, 'credentials.json');
    await writeFile(path, JSON.stringify({ imei: 'x', userAgent: 'y', cookie: [{ name: 'zpw_sek', value: 'v', domain: '.zalo.me' }] }));
    await expect(new CredentialsStore(path).read()).resolves.toMatchObject({ cookie: [{ name: 'zpw_sek' }] });
  });

  it('keeps the latest login QR beside the credentials for the console, 0600, until cleared', async () => {
    const store = new CredentialsStore(join(dir, 'zalo', 'credentials.json'));
    expect(await store.readQr()).toBeNull();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const path = await store.saveQr(png);
    expect(path).toBe(join(dir, 'zalo', 'login-qr.png'));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await store.readQr()).toEqual(png);
    expect(new Uint8Array(await readFile(path))).toEqual(png);
    await store.clearQr();
    expect(await store.readQr()).toBeNull();
  });
});
