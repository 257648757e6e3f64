/**
 * @module Console sessions kept server-side: the cookie carries only a random 256-bit token,
 * the map is keyed by its SHA-256 (a memory dump does not hand out live cookies). Sessions
 * expire after idle time and after an absolute lifetime; a login replaces the pre-login
 * session (no fixation). Pre-login sessions exist only to carry the login form's CSRF token.
 * In memory: a restart logs officials out, and several processes would each have their own
 * sessions — the console runs in one process.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface ConsoleSession {
  /** The official, or undefined before login. */
  readonly username?: string;
  /** Synchronizer token: every POST must carry it. */
  readonly csrf: string;
  readonly createdAt: number;
  lastSeenAt: number;
  /** A message to show once on the next page. */
  flash?: Flash;
}

export interface SessionLimits {
  /** Logged out after this long without a request. */
  idleMs: number;
  /** Logged out this long after logging in, however active. */
  absoluteMs: number;
  /** How long a login form stays usable. */
  anonymousMs: number;
  /** Most sessions kept; the least recently used pre-login ones go first. */
  max: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMs: 60 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  anonymousMs: 30 * 60_000,
  max: 20_000,
};

const digest = (token: string): string => createHash('sha256').update(token).digest('base64url');
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export class ConsoleSessions {
  private readonly byDigest = new Map<string, ConsoleSession>();

  constructor(
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session; the token goes into the cookie and nowhere else. */
  create(username?: string): { token: string; session: ConsoleSession } {
    if (this.byDigest.size >= this.limits.max) this.evict();
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    const session: ConsoleSession = { ...(username ? { username } : {}), csrf: randomBytes(32).toString('base64url'), createdAt: at, lastSeenAt: at };
    this.byDigest.set(digest(token), session);
    return { token, session };
  }

  /** The live session for a cookie value (and marks it used), or null. */
  get(token: string | undefined): ConsoleSession | null {
    if (!token || !TOKEN_FORMAT.test(token)) return null;
    const key = digest(token);
    const s = this.byDigest.get(key);
    if (!s) return null;
    const at = this.now();
    if (this.expired(s, at)) {
      this.byDigest.delete(key);
      return null;
    }
    s.lastSeenAt = at;
    // Re-insert: the map's order is then least recently used first.
    this.byDigest.delete(key);
    this.byDigest.set(key, s);
    return s;
  }

  destroy(token: string | undefined): void {
    if (token) this.byDigest.delete(digest(token));
  }

  /** Ends every session of an official (removed, or password changed). */
  destroyUser(username: string): void {
    for (const [k, s] of this.byDigest) if (s.username === username) this.byDigest.delete(k);
  }

  get size(): number {
    return this.byDigest.size;
  }

  private expired(s: ConsoleSession, at: number): boolean {
    if (!s.username) return at - s.createdAt > this.limits.anonymousMs;
    return at - s.lastSeenAt > this.limits.idleMs || at - s.createdAt > this.limits.absoluteMs;
  }

  /** Drops expired sessions; if still full, the least recently used pre-login ones, then the oldest. */
  private evict(): void {
    const at = this.now();
    for (const [k, s] of this.byDigest) if (this.expired(s, at)) this.byDigest.delete(k);
    for (const [k, s] of this.byDigest) {
      if (this.byDigest.size < this.limits.max) return;
      if (!s.username) this.byDigest.delete(k);
    }
    for (const k of this.byDigest.keys()) {
      if (this.byDigest.size < this.limits.max) return;
      this.byDigest.delete(k);
    }
  }
}
