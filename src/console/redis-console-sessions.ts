/**
 * @module Console sessions in Redis: they outlive a restart and every process shares them. One
 * JSON value per session under its token's digest, expiring when the session would (idle, absolute
 * or pre-login lifetime, renewed on each use); one set per official of their sessions' digests,
 * so a removed official or a changed password ends them all. Read back through zod: a value that
 * does not parse is no session.
 */
import type { Redis } from 'ioredis';
import { ConsoleSessionSchema, DEFAULT_SESSION_LIMITS, isToken, newSession, sessionLifeLeft, tokenDigest, type ConsoleSession, type ConsoleSessionStore, type SessionLimits } from './console-sessions.ts';

export class RedisConsoleSessions implements ConsoleSessionStore {
  constructor(
    private readonly redis: Redis,
    /** The app's key prefix (REDIS_PREFIX). */
    private readonly prefix: string,
    private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async create(username?: string): Promise<{ token: string; session: ConsoleSession }> {
    const created = newSession(this.now(), username);
    await this.write(tokenDigest(created.token), created.session);
    return created;
  }

  async get(token: string | undefined): Promise<ConsoleSession | null> {
    if (!isToken(token)) return null;
    const digest = tokenDigest(token);
    const s = await this.read(digest);
    if (!s) return null;
    const at = this.now();
    if (sessionLifeLeft(s, at, this.limits) < 0) {
      await this.redis.del(this.sessionKey(digest));
      return null;
    }
    s.lastSeenAt = at;
    // XX: a logout in another tab between the read and this write stays a logout.
    await this.write(digest, s, 'XX');
    return s;
  }

  async save(token: string, session: ConsoleSession): Promise<void> {
    // Only over a session that is still there: a logout or "end all sessions" meanwhile wins.
    if (sessionLifeLeft(session, this.now(), this.limits) >= 0) await this.write(tokenDigest(token), session, 'XX');
  }

  async destroy(token: string | undefined): Promise<void> {
    if (token) await this.redis.del(this.sessionKey(tokenDigest(token)));
  }

  async destroyUser(username: string): Promise<void> {
    const userKey = this.userKey(username);
    const digests = await this.redis.smembers(userKey);
    await this.redis.del(userKey, ...digests.map((d) => this.sessionKey(d)));
  }

  private async read(digest: string): Promise<ConsoleSession | null> {
    const raw = await this.redis.get(this.sessionKey(digest));
    if (raw === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
    const parsed = ConsoleSessionSchema.safeParse(value);
    if (!parsed.success) return null;
    const { flash, username, ...rest } = parsed.data;
    return { ...rest, ...(username ? { username } : {}), ...(flash ? { flash } : {}) };
  }

  private async write(digest: string, s: ConsoleSession, only?: 'XX'): Promise<void> {
    const ttl = Math.max(1, sessionLifeLeft(s, this.now(), this.limits));
    const key = this.sessionKey(digest);
    const m = only ? this.redis.multi().set(key, JSON.stringify(s), 'PX', ttl, only) : this.redis.multi().set(key, JSON.stringify(s), 'PX', ttl);
    if (s.username) {
      // Renewed on every write, so it outlives each session it lists (none lives past absoluteMs).
      const userKey = this.userKey(s.username);
      m.sadd(userKey, digest).pexpire(userKey, this.limits.absoluteMs);
    }
    await m.exec();
  }

  private sessionKey(digest: string): string {
    return `${this.prefix}console:session:${digest}`;
  }

  private userKey(username: string): string {
    return `${this.prefix}console:official-sessions:${username}`;
  }
}
