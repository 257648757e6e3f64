import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { credentialsError } from '../../src/channels/zalo/credentials-store.ts';
import { ZaloSupervisor, type SupervisorOptions, type SupervisorStatus } from '../../src/channels/zalo/supervisor.ts';
import { MotcuaError } from '../../src/errors.ts';
import { FakeZaloPort } from './fake-zalo-port.ts';
import { RecordLog } from './record-log.ts';

const BASE = 1000;
const CAP = 8000;

function setup(opts: Partial<SupervisorOptions> = {}): { port: FakeZaloPort; sup: ZaloSupervisor; log: RecordLog; states: SupervisorStatus[] } {
  const port = new FakeZaloPort();
  const log = new RecordLog();
  const sup = new ZaloSupervisor(port, {
    reconnect: { baseMs: BASE, capMs: CAP },
    duplicateRetryMs: 600_000,
    credentialsRetryMs: 300_000,
    watchdogSilentMs: 120_000,
    connectTimeoutMs: 30_000,
    random: () => 0.5,
    log,
    ...opts,
  });
  const states: SupervisorStatus[] = [];
  sup.onStatus((s) => states.push(s));
  return { port, sup, log, states };
}

const transient = (): MotcuaError => new MotcuaError('DELIVERY_FAILED', 'network', { transient: true });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ZaloSupervisor', () => {
  it('logs in and reports connected', async () => {
    const { port, sup, states } = setup();
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(port.starts).toEqual([{ relogin: true }]);
    expect(sup.status()).toMatchObject({ state: 'connected', failures: 0 });
    expect(states.map((s) => s.state)).toEqual(['connecting', 'connected']);
    await sup.stop();
  });

  it('reopens the socket after a 1006 quickly and without a new login (the session is fine)', async () => {
    const { port, sup } = setup();
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 3; i++) {
      port.drop(1006);
      expect(sup.status()).toMatchObject({ state: 'waiting', problem: 'dropped', lastClose: { code: 1006 } });
      // full jitter over [0, base): random 0.5 → half the base
      await vi.advanceTimersByTimeAsync(BASE / 2 - 1);
      expect(port.starts).toHaveLength(1 + i);
      await vi.advanceTimersByTimeAsync(1);
      expect(port.starts[1 + i]).toEqual({ relogin: false });
      expect(sup.status().state).toBe('connected');
    }
    await sup.stop();
  });

  it('backs off exponentially with full jitter while logins fail, within [0, min(cap, base·2^n))', async () => {
    const draws = [0.999, 0.999, 0.999, 0.999, 0.999, 0];
    const { port, sup } = setup({ random: () => draws.shift() ?? 0.5 });
    for (let i = 0; i < 6; i++) port.failNextStart(transient());
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    const delays: number[] = [];
    for (let n = 1; n <= 6; n++) {
      const s = sup.status();
      expect(s).toMatchObject({ state: 'waiting', failures: n, problem: 'login_failed' });
      const delay = (s.nextAttemptAt ?? 0) - Date.now();
      delays.push(delay);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(CAP, BASE * 2 ** n));
      // (a 0 ms timer fires after 1 ms, as in Node)
      await vi.advanceTimersByTimeAsync(Math.max(delay, 1));
      expect(port.starts).toHaveLength(n + 1);
      expect(port.starts[n]).toEqual({ relogin: true });
    }
    // 0.999 × 2000, 4000, 8000, then capped at 8000; the last draw 0 retries at once.
    expect(delays).toEqual([1998, 3996, 7992, 7992, 7992, 0]);
    expect(sup.status()).toMatchObject({ state: 'connected', failures: 0 });
    await sup.stop();
  });

  it('reports DuplicateConnection (3000) clearly and retries slowly', async () => {
    const { port, sup, log } = setup();
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    port.drop(3000, 'DuplicateConnection');
    expect(sup.status()).toMatchObject({ state: 'waiting', problem: 'duplicate' });
    expect(sup.status().message).toMatch(/Zalo Web was opened with this account; the bot was disconnected/);
    expect(log.messages('error').join('\n')).toMatch(/Zalo Web was opened/);
    await vi.advanceTimersByTimeAsync(0.8 * 600_000 - 1);
    expect(port.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(0.4 * 600_000 + 1);
    expect(port.starts).toHaveLength(2);
    expect(port.starts[1]).toEqual({ relogin: true });
    expect(sup.status().state).toBe('connected');
    await sup.stop();
  });

  it('recycles a socket that went silent, and not one that shows signs of life', async () => {
    const { port, sup, log } = setup();
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    // Pongs/frames every minute keep it alive.
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(60_000);
      port.hub.activity();
    }
    expect(port.stops).toBe(0);
    await vi.advanceTimersByTimeAsync(120_000 + 30_000);
    expect(port.stops).toBe(1);
    expect(log.messages('warn').join('\n')).toMatch(/silent/);
    expect(sup.status().problem).toBe('silent');
    await vi.advanceTimersByTimeAsync(BASE);
    expect(port.starts.at(-1)).toEqual({ relogin: true });
    expect(sup.status().state).toBe('connected');
    await sup.stop();
  });

  it('stops retrying fast when the credentials are rejected and tells the operator what to do', async () => {
    const { port, sup, log } = setup();
    port.failNextStart(credentialsError('rejected', '/data/zalo/credentials.json'));
    port.failNextStart(credentialsError('rejected', '/data/zalo/credentials.json'));
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sup.status()).toMatchObject({ state: 'needs_login', problem: 'credentials' });
    expect(log.messages('error').join('\n')).toMatch(/npx motcua zalo login.*scan the QR/);
    await vi.advanceTimersByTimeAsync(299_999);
    expect(port.starts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(port.starts).toHaveLength(2);
    expect(sup.status().state).toBe('needs_login');
    // An operator logged in again: no need to wait five minutes.
    sup.retryNow();
    await vi.advanceTimersByTimeAsync(0);
    expect(port.starts).toHaveLength(3);
    expect(sup.status().state).toBe('connected');
    await sup.stop();
  });

  it('logs in with a newly saved session at once, closing a socket that runs on the old one', async () => {
    const { port, sup, states } = setup();
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sup.status().state).toBe('connected');
    states.length = 0;
    await sup.reloginNow();
    expect(port.stops).toBe(1);
    expect(port.starts).toEqual([{ relogin: true }, { relogin: true }]);
    // The 1000 close of our own stop() was not taken for a drop: no backoff, no second attempt.
    expect(states.map((s) => s.state)).toEqual(['waiting', 'connecting', 'connected']);
    await vi.advanceTimersByTimeAsync(CAP * 2);
    expect(port.starts).toHaveLength(2);
    expect(sup.status()).toMatchObject({ state: 'connected', failures: 0 });
    await sup.stop();
  });

  it('a new session ends the long wait after Zalo Web took the account over', async () => {
    // No watchdog recycling while ten quiet minutes pass.
    const { port, sup } = setup({ watchdogSilentMs: 3_600_000 });
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    port.drop(3000);
    expect(sup.status()).toMatchObject({ state: 'waiting', problem: 'duplicate' });
    await sup.reloginNow();
    expect(port.starts).toEqual([{ relogin: true }, { relogin: true }]);
    expect(sup.status().state).toBe('connected');
    // The ten-minute retry was cancelled.
    await vi.advanceTimersByTimeAsync(600_000);
    expect(port.starts).toHaveLength(2);
    await sup.stop();
    // Stopped: a session saved now waits for the next start.
    await sup.reloginNow();
    expect(port.starts).toHaveLength(2);
  });

  it('recycles on a fatal socket error and ignores a frame that failed to decode', async () => {
    const { port, sup } = setup();
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    port.hub.error(new Error('bad frame'), false);
    expect(sup.status().state).toBe('connected');
    port.hub.error(new Error('socket'), true);
    await vi.advanceTimersByTimeAsync(0);
    expect(port.stops).toBe(1);
    // The 1000 close our own stop() caused is not a second drop.
    expect(sup.status()).toMatchObject({ state: 'waiting', problem: 'socket_error' });
    await vi.advanceTimersByTimeAsync(BASE);
    expect(sup.status().state).toBe('connected');
    expect(port.starts).toHaveLength(2);
    await sup.stop();
  });

  it('gives up on a socket that never connects', async () => {
    const { port, sup } = setup();
    port.autoConnect = false;
    sup.start();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sup.status()).toMatchObject({ state: 'waiting', problem: 'connect_timeout', failures: 1 });
    port.autoConnect = true;
    await vi.advanceTimersByTimeAsync(CAP);
    expect(sup.status().state).toBe('connected');
    await sup.stop();
  });

  it('does nothing more after stop()', async () => {
    const { port, sup } = setup();
    sup.start();
    await vi.advanceTimersByTimeAsync(0);
    await sup.stop();
    port.drop(1006);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(port.starts).toHaveLength(1);
    expect(sup.status().state).toBe('stopped');
  });
});
