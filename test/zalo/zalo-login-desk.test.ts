import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CredentialsStore } from '../../src/channels/zalo/credentials-store.ts';
import { ZaloLoginDesk, type LoginDeskState } from '../../src/channels/zalo/zalo-login-desk.ts';
import { FakeQrLogin, qrPng, SESSION } from './fake-qr-login.ts';

let dir: string;
let store: CredentialsStore;
let fake: FakeQrLogin;
let saved: number;
let desk: ZaloLoginDesk;
const flush = (): Promise<void> => new Promise((r) => setTimeout(r, 20));
/** Until the login ended (writing the session syncs a file). */
const ended = (d: ZaloLoginDesk = desk): Promise<boolean> => vi.waitUntil(() => !d.inProgress, { timeout: 5000 });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-zalo-desk-'));
  store = new CredentialsStore(join(dir, 'zalo', 'credentials.json'));
  fake = new FakeQrLogin();
  saved = 0;
  desk = new ZaloLoginDesk({ login: fake.login, credentials: store, onSaved: () => saved++, giveUpAfterMs: 60_000 });
});
afterEach(async () => {
  desk.stop();
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('ZaloLoginDesk', () => {
  it('shows each new QR, then saves the session (0600) and reconnects once confirmed', async () => {
    const ends: LoginDeskState[] = [];
    expect(desk.start('official:it.le', (s) => ends.push(s))).toBe(true);
    expect(desk.state()).toMatchObject({ phase: 'starting', by: 'official:it.le' });
    expect(desk.qr()).toBeNull();
    fake.qr(1);
    expect(desk.state()).toMatchObject({ phase: 'waiting_scan', qrVersion: 1 });
    expect(desk.qr()).toEqual(qrPng(1));
    // Expired and renewed: the page shows the new one under a new URL.
    fake.events!.onExpired!();
    fake.qr(2);
    expect(desk.state()).toMatchObject({ phase: 'waiting_scan', qrVersion: 2, expired: 1 });
    expect(desk.qr()).toEqual(qrPng(2));
    fake.events!.onScanned!();
    expect(desk.state().phase).toBe('scanned');
    // Scanned: the QR is spent and no longer served.
    expect(desk.qr()).toBeNull();
    fake.confirm();
    await ended();
    expect(desk.state()).toMatchObject({ phase: 'saved' });
    expect(desk.state().finishedAt).toBeTypeOf('number');
    expect(saved).toBe(1);
    expect(ends.map((s) => s.phase)).toEqual(['saved']);
    expect(await store.read()).toMatchObject({ imei: SESSION.imei, userAgent: SESSION.userAgent, cookie: SESSION.cookie });
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
  });

  it('runs one login at a time: a second start joins the first instead of replacing its QR', async () => {
    expect(desk.start('official:a')).toBe(true);
    fake.qr(1);
    expect(desk.start('official:b')).toBe(false);
    expect(fake.calls).toBe(1);
    expect(desk.state()).toMatchObject({ by: 'official:a', qrVersion: 1 });
    fake.decline();
    await ended();
    expect(desk.state().phase).toBe('declined');
    // Ended: a new one may start, with a QR version that keeps counting up.
    expect(desk.start('official:b')).toBe(true);
    fake.qr(2);
    expect(desk.state()).toMatchObject({ by: 'official:b', phase: 'waiting_scan', qrVersion: 2, expired: 0 });
  });

  it('says the QR went unscanned when zca-js gives up after its renewals, and failed otherwise', async () => {
    desk.start('official:a');
    fake.qr(1);
    fake.events!.onExpired!();
    fake.fail('QR code expired');
    await ended();
    expect(desk.state()).toMatchObject({ phase: 'unscanned' });
    expect(desk.state().reason).toBeUndefined();
    expect(saved).toBe(0);

    desk.start('official:a');
    fake.fail('Unable to get login QR\n{"error_code":-1,"raw":"…"}');
    await ended();
    // Only the first line reaches the page.
    expect(desk.state()).toMatchObject({ phase: 'failed', reason: 'Unable to get login QR' });
    await expect(store.read()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('a session that cannot be written is a failed login, and the channel is not told to reconnect', async () => {
    const broken = new ZaloLoginDesk({ login: fake.login, credentials: { write: () => Promise.reject(new Error('EACCES: permission denied')) }, onSaved: () => saved++ });
    broken.start('official:a');
    fake.confirm();
    await ended(broken);
    expect(broken.state()).toMatchObject({ phase: 'failed', reason: 'EACCES: permission denied' });
    expect(saved).toBe(0);
  });

  it('gives up a login that never settles, and ignores its late result', async () => {
    vi.useFakeTimers();
    const ends: string[] = [];
    desk.start('official:a', (s) => ends.push(s.phase));
    fake.qr(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(desk.state().phase).toBe('unscanned');
    expect(desk.qr()).toBeNull();
    fake.confirm();
    await vi.advanceTimersByTimeAsync(0);
    expect(desk.state().phase).toBe('unscanned');
    expect(saved).toBe(0);
    expect(ends).toEqual(['unscanned']);
    await expect(store.read()).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('stop() ends a login in progress; the app is going away', async () => {
    desk.start('official:a');
    fake.qr(1);
    desk.stop();
    expect(desk.state().phase).toBe('unscanned');
    expect(desk.qr()).toBeNull();
    fake.confirm();
    await flush();
    expect(saved).toBe(0);
  });
});
