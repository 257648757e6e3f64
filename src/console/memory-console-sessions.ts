/**
 * @module Console sessions in this process's memory (the memory store): a restart logs officials
 * out, and several processes would each have their own. Bounded: past `max` sessions, the expired
 * ones go first, then the least recently used pre-login ones, then the least recently used.
 */
import { DEFAULT_SESSION_LIMITS, isToken, newSession, sessionLifeLeft, tokenDigest, type ConsoleSession, type ConsoleSessionStore, type SessionLimits } from './console-sessions.ts';

const copy = (s: ConsoleSession): ConsoleSession => ({ ...s, ...(s.flash ? { flash: { ...s.flash } } : {}) });

export class MemoryConsoleSessions implements ConsoleSessionStore {
  /** By token digest, least recently used first (a read re-inserts). */
  private readonly byDigest = new Map<string, ConsoleSession>();

  constructor(
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async create(username?: string): Promise<{ token: string; session: ConsoleSession }> {
    if (this.byDigest.size >= this.limits.max) this.evict();
    const created = newSession(this.now(), username);
    this.byDigest.set(tokenDigest(created.token), copy(created.session));
    return created;
  }

  async get(token: string | undefined): Promise<ConsoleSession | null> {
    if (!isToken(token)) return null;
    const key = tokenDigest(token);
    const s = this.byDigest.get(key);
    if (!s) return null;
    const at = this.now();
    this.byDigest.delete(key);
    if (sessionLifeLeft(s, at, this.limits) < 0) return null;
    s.lastSeenAt = at;
    this.byDigest.set(key, s);
    return copy(s);
  }

  async save(token: string, session: ConsoleSession): Promise<void> {
    const key = tokenDigest(token);
    if (this.byDigest.has(key)) this.byDigest.set(key, copy(session));
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) this.byDigest.delete(tokenDigest(token));
  }

  async destroyUser(username: string): Promise<void> {
    for (const [k, s] of this.byDigest) if (s.username === username) this.byDigest.delete(k);
  }

  get size(): number {
    return this.byDigest.size;
  }

  private evict(): void {
    const at = this.now();
    for (const [k, s] of this.byDigest) if (sessionLifeLeft(s, at, this.limits) < 0) this.byDigest.delete(k);
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
