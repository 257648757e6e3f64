/**
 * @module Keeps one Zalo listener alive. zca-js's listener stops for good when Zalo drops the
 * socket (1006, about once a minute) and only retries codes the server lists, so it is started
 * without retry and this supervisor decides: reconnect quickly after a drop of a healthy
 * socket (the session is still good), log in again with exponential backoff and full jitter
 * after failures, recycle a socket that went silent, back off slowly when Zalo Web took the
 * session over (3000), and stop hammering when the credentials are gone — that needs an operator.
 */
import { isMotcuaError, type MotcuaError } from '../../errors.ts';
import { fullJitterDelay, type BackoffPolicy } from './backoff.ts';
import { silentLog, type ZaloLog } from './zalo-log.ts';
import type { ZaloPort } from './zalo-port.ts';

export type SupervisorState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'needs_login' | 'stopped';

/** Why the supervisor is waiting, for logs and the officials' console. */
export type SupervisorProblem = 'dropped' | 'silent' | 'socket_error' | 'connect_timeout' | 'login_failed' | 'duplicate' | 'kicked' | 'credentials';

export interface SupervisorStatus {
  state: SupervisorState;
  /** Consecutive failed attempts (0 after a connection came up). */
  failures: number;
  problem?: SupervisorProblem;
  /** Operator-facing explanation when something needs attention. */
  message?: string;
  lastClose?: { code: number; reason: string };
  /** Epoch ms of the next attempt while waiting. */
  nextAttemptAt?: number;
}

export interface SupervisorOptions {
  /** Backoff between failed attempts (full jitter). */
  reconnect: BackoffPolicy;
  /** Wait after DuplicateConnection/KickConnection before taking the session back. */
  duplicateRetryMs: number;
  /** How often to look at the credentials again once they are missing or rejected. */
  credentialsRetryMs: number;
  /** A connected socket with no sign of life for this long is recycled. */
  watchdogSilentMs: number;
  /** A socket that neither connects nor closes within this time is recycled. */
  connectTimeoutMs?: number;
  /** After this many failed logins in a row, also tell the operator (the session may be dead). */
  warnAfterFailures?: number;
  random?: () => number;
  now?: () => number;
  log?: ZaloLog;
}

/** zca-js CloseReason values. */
export const CLOSE_MANUAL = 1000;
export const CLOSE_ABNORMAL = 1006;
export const CLOSE_DUPLICATE = 3000;
export const CLOSE_KICKED = 3003;

export class ZaloSupervisor {
  private readonly port: ZaloPort;
  private readonly opts: Required<Omit<SupervisorOptions, 'log'>>;
  private readonly log: ZaloLog;
  private readonly listeners = new Set<(s: SupervisorStatus) => void>();
  private unsubscribe: (() => void) | undefined;

  private status_: SupervisorStatus = { state: 'idle', failures: 0 };
  /** Bumped on every attempt and on stop: results of an older attempt are ignored. */
  private attempt = 0;
  private lastActivity = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private connectTimer: NodeJS.Timeout | undefined;
  private watchdogTimer: NodeJS.Timeout | undefined;

  constructor(port: ZaloPort, opts: SupervisorOptions) {
    this.port = port;
    this.log = opts.log ?? silentLog;
    this.opts = {
      connectTimeoutMs: 30_000,
      warnAfterFailures: 8,
      random: Math.random,
      now: Date.now,
      ...opts,
    };
  }

  status(): SupervisorStatus {
    return { ...this.status_ };
  }

  /** Called on every state change; returns the function that stops the calls. */
  onStatus(listener: (s: SupervisorStatus) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  start(): void {
    if (this.status_.state !== 'idle' && this.status_.state !== 'stopped') return;
    this.unsubscribe = this.port.subscribe({
      connected: () => this.onConnected(),
      closed: (code, reason) => this.onClosed(code, reason),
      error: (e, fatal) => this.onError(e, fatal),
      activity: () => this.touch(),
      message: () => this.touch(),
    });
    this.watchdogTimer = setInterval(() => this.checkWatchdog(), Math.max(1000, Math.floor(this.opts.watchdogSilentMs / 4)));
    this.watchdogTimer.unref();
    void this.connect(true);
  }

  async stop(): Promise<void> {
    this.attempt++;
    this.clearTimers();
    if (this.watchdogTimer) clearInterval(this.watchdogTimer);
    this.watchdogTimer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.set({ state: 'stopped', failures: 0 });
    await this.port.stop().catch((e: unknown) => this.log.warn({ err: errName(e) }, 'zalo: stopping the listener failed'));
  }

  /** An operator just logged in again (or asked to retry): try now instead of at the next tick. */
  retryNow(): void {
    const s = this.status_.state;
    if (s === 'waiting' || s === 'needs_login') {
      this.clearTimers();
      void this.connect(true);
    }
  }

  /**
   * A new session was just saved: log in with it now, whatever the state. A socket that is up
   * runs on the old session, so it is closed first (as `waiting`, so that close is not taken
   * for a drop).
   */
  async reloginNow(): Promise<void> {
    const s = this.status_.state;
    if (s === 'idle' || s === 'stopped') return;
    this.clearTimers();
    const attempt = ++this.attempt;
    if (s === 'connected' || s === 'connecting') {
      this.set({ state: 'waiting', failures: 0, ...(this.status_.lastClose ? { lastClose: this.status_.lastClose } : {}) });
      await this.port.stop().catch((e: unknown) => this.log.warn({ err: errName(e) }, 'zalo: stopping the listener failed'));
      if (attempt !== this.attempt) return;
    }
    await this.connect(true);
  }

  private async connect(relogin: boolean): Promise<void> {
    const attempt = ++this.attempt;
    this.set({ ...this.status_, state: 'connecting', nextAttemptAt: undefined });
    try {
      await this.port.start({ relogin });
    } catch (e) {
      if (attempt !== this.attempt) return;
      if (isMotcuaError(e, 'CONFIG_INVALID')) return this.needsLogin(e);
      const failures = this.status_.failures + 1;
      this.log.warn({ err: errName(e), failures }, 'zalo: login or listener start failed');
      if (failures >= this.opts.warnAfterFailures && failures % this.opts.warnAfterFailures === 0) {
        this.log.error({ failures }, 'zalo: still cannot log in; if this persists, run `npx motcua zalo login` and scan the QR again');
      }
      return this.retryLater({ failures, problem: 'login_failed' }, this.backoff(failures), true);
    }
    if (attempt !== this.attempt) return;
    this.lastActivity = this.opts.now();
    // A listener that neither connects nor closes is as good as dead.
    this.connectTimer = setTimeout(() => {
      if (attempt === this.attempt && this.status_.state === 'connecting') void this.recycle('connect_timeout');
    }, this.opts.connectTimeoutMs);
    this.connectTimer.unref();
  }

  private onConnected(): void {
    if (this.status_.state !== 'connecting') return;
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.touch();
    const wasDown = this.status_.problem !== undefined && this.status_.problem !== 'dropped';
    this.set({ state: 'connected', failures: 0, ...(this.status_.lastClose ? { lastClose: this.status_.lastClose } : {}) });
    // The routine reconnect after a 1006 happens every minute: keep it out of the info log.
    if (wasDown) this.log.info({}, 'zalo: listener connected');
    else this.log.debug({}, 'zalo: listener connected');
  }

  private onClosed(code: number, reason: string): void {
    const s = this.status_.state;
    if (s !== 'connected' && s !== 'connecting') return; // we closed it ourselves, or already handled
    if (this.connectTimer) clearTimeout(this.connectTimer);
    const lastClose = { code, reason };
    if (code === CLOSE_DUPLICATE || code === CLOSE_KICKED) {
      const message =
        code === CLOSE_DUPLICATE
          ? 'Zalo Web was opened with this account; the bot was disconnected. Close Zalo Web (chat.zalo.me) for the bot account; the bot reconnects by itself.'
          : 'Zalo closed the bot session (kicked); it reconnects later. If this repeats, the account may be restricted.';
      const delay = Math.round(this.opts.duplicateRetryMs * (0.8 + 0.4 * this.opts.random()));
      this.log.error({ code, retryInMs: delay }, `zalo: ${message}`);
      return this.retryLater({ failures: this.status_.failures + 1, problem: code === CLOSE_DUPLICATE ? 'duplicate' : 'kicked', message, lastClose }, delay, true);
    }
    if (s === 'connected') {
      // A healthy socket dropped (Zalo does this with 1006 about every minute): the session is
      // still valid, so only the socket is reopened, after a short jittered pause.
      this.log.debug({ code }, 'zalo: listener closed; reconnecting');
      return this.retryLater({ failures: 0, problem: 'dropped', lastClose }, this.backoff(0), false);
    }
    const failures = this.status_.failures + 1;
    this.log.warn({ code, failures }, 'zalo: listener closed before connecting');
    return this.retryLater({ failures, problem: 'dropped', lastClose }, this.backoff(failures), true);
  }

  private onError(e: Error, fatal: boolean): void {
    if (!fatal) {
      this.log.debug({ err: e.name }, 'zalo: a listener frame could not be handled');
      return;
    }
    const s = this.status_.state;
    if (s === 'connected' || s === 'connecting') void this.recycle('socket_error');
  }

  private touch(): void {
    this.lastActivity = this.opts.now();
  }

  private checkWatchdog(): void {
    if (this.status_.state !== 'connected') return;
    const silentFor = this.opts.now() - this.lastActivity;
    if (silentFor > this.opts.watchdogSilentMs) {
      this.log.warn({ silentMs: silentFor }, 'zalo: listener silent; recycling the connection');
      void this.recycle('silent');
    }
  }

  /** Closes the current socket and starts over with a fresh login after a backoff. */
  private async recycle(problem: SupervisorProblem): Promise<void> {
    const failures = this.status_.state === 'connected' ? 0 : this.status_.failures + 1;
    this.clearTimers();
    const attempt = ++this.attempt;
    // 'waiting' first, so the close our stop() causes is not taken for a new drop; the next
    // attempt is scheduled only once the old socket is gone.
    this.set({ state: 'waiting', failures, problem, ...(this.status_.lastClose ? { lastClose: this.status_.lastClose } : {}) });
    await this.port.stop().catch((e: unknown) => this.log.warn({ err: errName(e) }, 'zalo: stopping the listener failed'));
    if (attempt !== this.attempt) return;
    this.retryLater({ failures, problem }, this.backoff(failures), true);
  }

  private needsLogin(e: MotcuaError): void {
    const delay = this.opts.credentialsRetryMs;
    // The message says what to do (run `npx motcua zalo login`); it carries no secrets.
    this.log.error({ code: e.code, problem: e.details?.['problem'], retryInMs: delay }, e.message);
    this.retryLater({ failures: this.status_.failures + 1, problem: 'credentials', message: e.message }, delay, true, 'needs_login');
  }

  private retryLater(
    s: Pick<SupervisorStatus, 'failures' | 'problem' | 'message' | 'lastClose'>,
    delayMs: number,
    relogin: boolean,
    state: 'waiting' | 'needs_login' = 'waiting',
  ): void {
    this.clearTimers();
    const attempt = ++this.attempt;
    const lastClose = s.lastClose ?? this.status_.lastClose;
    this.set({ ...s, state, nextAttemptAt: this.opts.now() + delayMs, ...(lastClose ? { lastClose } : {}) });
    this.retryTimer = setTimeout(() => {
      if (attempt === this.attempt) void this.connect(relogin);
    }, delayMs);
  }

  private backoff(failures: number): number {
    return fullJitterDelay(failures, this.opts.reconnect, this.opts.random);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.retryTimer = undefined;
    this.connectTimer = undefined;
  }

  private set(s: SupervisorStatus): void {
    const clean: SupervisorStatus = { state: s.state, failures: s.failures };
    if (s.problem !== undefined) clean.problem = s.problem;
    if (s.message !== undefined) clean.message = s.message;
    if (s.lastClose !== undefined) clean.lastClose = s.lastClose;
    if (s.nextAttemptAt !== undefined) clean.nextAttemptAt = s.nextAttemptAt;
    this.status_ = clean;
    for (const l of [...this.listeners]) {
      try {
        l(this.status());
      } catch (e) {
        this.log.error({ err: errName(e) }, 'zalo: a status listener threw');
      }
    }
  }
}

function errName(e: unknown): string {
  return isMotcuaError(e) ? e.code : e instanceof Error ? e.name : typeof e;
}
