/**
 * Officials: scrypt hashes (salted, parameters kept, NFC, constant-time check), the officials
 * file (0600, atomic, validated, noticed when changed by another process), and the
 * `motcua officials` command with the password on stdin — as scripts use it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runOfficialsCommand } from '../../src/cli/officials-command.ts';
import { isMotcuaError } from '../../src/errors.ts';
import { FileOfficialsStore } from '../../src/officials/officials-store.ts';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../../src/officials/password-hash.ts';
import { TEST_SCRYPT } from './console-support.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'motcua-officials-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('password hashes', () => {
  it('uses scrypt with a random salt and OWASP-level default cost, and checks passwords', async () => {
    expect(DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.p).toBeGreaterThanOrEqual(2 ** 15 * 3);
    const a = await hashPassword('mật khẩu dài', TEST_SCRYPT);
    const b = await hashPassword('mật khẩu dài', TEST_SCRYPT);
    expect(a).toMatchObject({ algorithm: 'scrypt', ...TEST_SCRYPT });
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(Buffer.from(a.hash, 'base64')).toHaveLength(64);
    expect(await verifyPassword('mật khẩu dài', a)).toBe(true);
    expect(await verifyPassword('mật khẩu dài ', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('accepts a Vietnamese password however the keyboard composed it', async () => {
    const composed = 'Hà Nội mùa thu'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(await verifyPassword(decomposed, await hashPassword(composed, TEST_SCRYPT))).toBe(true);
  });
});

describe('the officials file', () => {
  it('adds, lists, changes and removes officials in an owner-only file, leaving no temp files', async () => {
    const dir = tempDir();
    const store = new FileOfficialsStore(dir);
    expect(await store.list()).toEqual([]);
    const hash = await hashPassword('một hai ba bốn năm', TEST_SCRYPT);
    await store.add('Lan.Nguyen', hash, ['officer', 'broadcast']);
    await store.add('an', hash, ['officer']);
    expect((await store.list()).map((o) => [o.username, o.roles])).toEqual([['an', ['officer']], ['lan.nguyen', ['officer', 'broadcast']]]);
    await expect(store.add('an', hash, ['officer'])).rejects.toSatisfy((e) => isMotcuaError(e, 'BAD_REQUEST'));
    expect(await store.setPassword('an', await hashPassword('mật khẩu mới tinh', TEST_SCRYPT))).toBe(true);
    expect((await store.get('an'))?.passwordChangedAt).toBeDefined();
    expect(await store.remove('an')).toBe(true);
    expect(await store.remove('an')).toBe(false);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['officials.json']);
    expect(await store.get('../../etc/passwd')).toBeNull();
  });

  it('notices changes made by another process (the CLI) without a restart', async () => {
    const dir = tempDir();
    const server = new FileOfficialsStore(dir);
    const cli = new FileOfficialsStore(dir);
    expect(await server.get('khoa')).toBeNull();
    await cli.add('khoa', await hashPassword('một hai ba bốn năm', TEST_SCRYPT), ['officer']);
    expect((await server.get('khoa'))?.username).toBe('khoa');
    await cli.remove('khoa');
    expect(await server.get('khoa')).toBeNull();
  });

  it('refuses a damaged file, naming it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'officials.json'), JSON.stringify({ version: 1, officials: [{ username: 'x', roles: ['admin'] }] }));
    await expect(new FileOfficialsStore(dir).list()).rejects.toThrow(/officials\.json: officials\.0/);
    writeFileSync(join(dir, 'officials.json'), '{not json');
    await expect(new FileOfficialsStore(dir).list()).rejects.toThrow(/not valid JSON/);
  });
});

describe('motcua officials', () => {
  async function run(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const sink = (f: (s: string) => void) => new Writable({ write: (c, _e, cb) => (f(String(c)), cb()) });
    const code = await runOfficialsCommand(args, {
      stdin: Readable.from([stdin]),
      stdout: sink((s) => (out += s)),
      stderr: sink((s) => (err += s)),
      dataDir: dir,
      scrypt: TEST_SCRYPT,
    });
    return { code, out, err };
  }
  let dir = '';

  it('adds an official with the password from stdin (once, or twice the same), with roles', async () => {
    dir = tempDir();
    expect(await run(['add', 'lan'], 'mật khẩu của Lan 2026\n')).toMatchObject({ code: 0, out: expect.stringContaining('added lan (officer)') });
    expect((await run(['add', 'minh', '--role', 'broadcast'], 'mật khẩu của Minh\nmật khẩu của Minh\n')).code).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'officials.json'), 'utf8'));
    expect(file.officials.map((o: { username: string; roles: string[] }) => [o.username, o.roles])).toEqual([['lan', ['officer']], ['minh', ['officer', 'broadcast']]]);
    expect(readFileSync(join(dir, 'officials.json'), 'utf8')).not.toContain('mật khẩu');
    const store = new FileOfficialsStore(dir);
    expect(await verifyPassword('mật khẩu của Lan 2026', (await store.get('lan'))!.password)).toBe(true);
    expect((await run(['list'])).out).toMatch(/^lan\tofficer\tsince \d{4}-\d{2}-\d{2}\nminh\tofficer,broadcast\t/);
  });

  it('refuses short or mismatched passwords, taken names, bad names and roles — changing nothing', async () => {
    dir = tempDir();
    expect(await run(['add', 'lan'], 'ngắn\n')).toMatchObject({ code: 1, err: expect.stringContaining('too short') });
    expect(await run(['add', 'lan'], 'mật khẩu một\nmật khẩu hai\n')).toMatchObject({ code: 1, err: expect.stringContaining('differ') });
    expect(await run(['add', 'Bad Name!'], 'mật khẩu đủ dài\n')).toMatchObject({ code: 2, err: expect.stringContaining('invalid username') });
    expect(await run(['add', 'lan', '--role', 'admin'], 'mật khẩu đủ dài\n')).toMatchObject({ code: 2, err: expect.stringContaining('unknown role') });
    expect((await run(['list'])).out).toContain('no officials yet');
    expect((await run(['add', 'lan'], 'mật khẩu đủ dài\n')).code).toBe(0);
    expect(await run(['add', 'lan'], 'mật khẩu đủ dài\n')).toMatchObject({ code: 1, err: expect.stringContaining('already exists') });
  });

  it('changes a password and removes an official', async () => {
    dir = tempDir();
    await run(['add', 'lan'], 'mật khẩu cũ của Lan\n');
    expect((await run(['passwd', 'lan'], 'mật khẩu mới của Lan\n')).code).toBe(0);
    expect(await verifyPassword('mật khẩu mới của Lan', (await new FileOfficialsStore(dir).get('lan'))!.password)).toBe(true);
    expect((await run(['passwd', 'nobody'], 'mật khẩu mới của Lan\n')).code).toBe(1);
    expect((await run(['remove', 'lan'])).code).toBe(0);
    expect((await run(['remove', 'lan'])).code).toBe(1);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});
