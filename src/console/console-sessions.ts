/**
 * @module Console sessions kept server-side: the cookie carries only a random 256-bit token,
 * and the store keys the session by its SHA-256 (a memory or Redis dump does not hand out live
 * cookies). Sessions expire after idle time and after an absolute lifetime; a login replaces
 * the pre-login session (no fixation). Pre-login sessions exist only to carry the login form's
 * CSRF token. Two stores: this process's memory (memory-console-sessions.ts) and Redis
 * (redis-console-sessions.ts), where sessions outlive a restart and every process shares them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

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
  /** A message to show once on the next page (changed by the caller, then `save`d). */
  flash?: Flash;
}

/** A session as read back from a store. */
export const ConsoleSessionSchema = z.object({
  username: z.string().min(1).max(64).optional(),
  csrf: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  createdAt: z.number().int().nonnegative(),
  lastSeenAt: z.number().int().nonnegative(),
  flash: z.object({ kind: z.enum(['ok', 'error']), text: z.string().max(2_000) }).optional(),
});

/** Where console sessions live. Reads return copies: a change counts once it is saved. */
export interface ConsoleSessionStore {
  /** A new session; the token goes into the cookie and nowhere else. */
  create(username?: string): Promise<{ token: string; session: ConsoleSession }>;
  /** The live session for a cookie value (and marks it used), or null. */
  get(token: string | undefined): Promise<ConsoleSession | null>;
  /** Writes back a session read with `get` (its flash changed); a session that expired meanwhile stays gone. */
  save(token: string, session: ConsoleSession): Promise<void>;
  destroy(token: string | undefined): Promise<void>;
  /** Ends every session of an official (removed, or password changed). */
  destroyUser(username: string): Promise<void>;
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

/** The key a session is stored under: the token's SHA-256, never the token. */
export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('base64url');

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** Whether a cookie value could be a token at all (anything else is not looked up). */
export const isToken = (token: string | undefined): token is string => !!token && TOKEN_FORMAT.test(token);

/** A fresh session and its token. */
export function newSession(at: number, username?: string): { token: string; session: ConsoleSession } {
  const token = randomBytes(32).toString('base64url');
  return { token, session: { ...(username ? { username } : {}), csrf: randomBytes(32).toString('base64url'), createdAt: at, lastSeenAt: at } };
}

/** How much longer `s` lives at `at` (below 0: expired): idle and absolute limits once logged in, the form's lifetime before. */
export function sessionLifeLeft(s: ConsoleSession, at: number, limits: SessionLimits): number {
  if (!s.username) return s.createdAt + limits.anonymousMs - at;
  return Math.min(s.lastSeenAt + limits.idleMs, s.createdAt + limits.absoluteMs) - at;
}
