/**
 * @module A Zalo QR login started from the officials' console. One at a time per process; the
 * QR stays in memory (it is a key to the bot's account while it lives, so it is never written
 * to disk from here); the session is saved through the credentials store, as `npx motcua zalo
 * login` does, and the channel is told to log in with it at once (`onSaved`).
 */
import type { CredentialsStore } from './credentials-store.ts';
import { QrLoginDeclined, type QrLogin } from './qr-login.ts';
import { shortReason } from './short-reason.ts';

/**
 * `starting`: waiting for Zalo's first QR; `waiting_scan`: a QR to scan; `scanned`: to confirm on
 * the phone; then `saved`, `declined` (refused on the phone), `unscanned` (the QRs expired, or
 * the login outlived its time) or `failed`.
 */
export type LoginPhase = 'idle' | 'starting' | 'waiting_scan' | 'scanned' | 'saved' | 'declined' | 'unscanned' | 'failed';
type EndPhase = 'saved' | 'declined' | 'unscanned' | 'failed';

export interface LoginDeskState {
  phase: LoginPhase;
  /** Who started the latest login ("official:<username>"). */
  by?: string;
  /** Epoch ms. */
  startedAt?: number;
  finishedAt?: number;
  /** Bumped with every new QR: the page's image URL carries it, so no browser shows a stale one. */
  qrVersion: number;
  /** How many times the QR expired and was renewed. */
  expired: number;
  /** Why a login failed, for the operator (the error's first line; no secrets pass through it). */
  reason?: string;
}

export interface LoginDeskDeps {
  login: QrLogin;
  credentials: Pick<CredentialsStore, 'write'>;
  /** Runs after the session was saved (the channel logs in with it now). */
  onSaved: () => void;
  /** A login still unsettled after this long is given up (zca-js renews a QR a few times, ~8 min). */
  giveUpAfterMs?: number;
  now?: () => number;
}

const IN_PROGRESS: ReadonlySet<LoginPhase> = new Set(['starting', 'waiting_scan', 'scanned']);

/** A login that has not ended yet. */
export function loginInProgress(s: Pick<LoginDeskState, 'phase'>): boolean {
  return IN_PROGRESS.has(s.phase);
}

export class ZaloLoginDesk {
  private state_: LoginDeskState = { phase: 'idle', qrVersion: 0, expired: 0 };
  private qr_: Uint8Array | null = null;
  /** Bumped per login: the events and result of an abandoned one are ignored. */
  private run = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly giveUpAfterMs: number;

  constructor(private readonly deps: LoginDeskDeps) {
    this.now = deps.now ?? Date.now;
    this.giveUpAfterMs = deps.giveUpAfterMs ?? 10 * 60_000;
  }

  state(): LoginDeskState {
    return { ...this.state_ };
  }

  get inProgress(): boolean {
    return loginInProgress(this.state_);
  }

  /** The QR to scan now, while there is one. */
  qr(): Uint8Array | null {
    return this.state_.phase === 'waiting_scan' ? this.qr_ : null;
  }

  /**
   * Starts a login unless one is in progress (false then: a second official's click joins the
   * first login instead of invalidating its QR). `onDone` hears how it ended.
   */
  start(by: string, onDone?: (s: LoginDeskState) => void): boolean {
    if (this.inProgress) return false;
    const run = ++this.run;
    this.qr_ = null;
    this.state_ = { phase: 'starting', by, startedAt: this.now(), qrVersion: this.state_.qrVersion, expired: 0 };
    const mine = (): boolean => run === this.run;
    this.timer = setTimeout(() => {
      if (mine()) this.finish(onDone, 'unscanned');
    }, this.giveUpAfterMs);
    this.timer.unref();
    void this.deps
      .login({
        onQr: (png) => {
          if (!mine()) return;
          this.qr_ = png;
          this.state_ = { ...this.state_, phase: 'waiting_scan', qrVersion: this.state_.qrVersion + 1 };
        },
        onScanned: () => {
          if (mine()) this.state_ = { ...this.state_, phase: 'scanned' };
        },
        onExpired: () => {
          if (mine()) this.state_ = { ...this.state_, expired: this.state_.expired + 1 };
        },
      })
      .then(async (session) => {
        if (!mine()) return;
        await this.deps.credentials.write({ imei: session.imei, userAgent: session.userAgent, language: session.language, cookie: session.cookie });
        if (!mine()) return;
        this.finish(onDone, 'saved');
        this.deps.onSaved();
      })
      .catch((e: unknown) => {
        if (!mine()) return;
        if (e instanceof QrLoginDeclined) this.finish(onDone, 'declined');
        // zca-js gives up after the last renewal with an error of its own: the QR was never scanned.
        else if (this.state_.phase === 'waiting_scan' && this.state_.expired > 0) this.finish(onDone, 'unscanned');
        else this.finish(onDone, 'failed', shortReason(e));
      });
    return true;
  }

  /** Gives up a login in progress (the app stops; a late result is ignored). */
  stop(): void {
    if (this.inProgress) this.finish(undefined, 'unscanned');
  }

  private finish(onDone: ((s: LoginDeskState) => void) | undefined, phase: EndPhase, reason?: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.run++;
    this.qr_ = null;
    const { reason: _old, ...rest } = this.state_;
    this.state_ = { ...rest, phase, finishedAt: this.now(), ...(reason ? { reason } : {}) };
    onDone?.(this.state());
  }
}
