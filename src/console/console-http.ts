/**
 * @module The console's HTTP plumbing shared by its routes: cookies (session and language),
 * who is logged in, the CSRF and same-origin checks, and where a "next" link may point.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
// Brings reply.setCookie / request.cookies into the types (the plugin is registered in register-console.ts).
import type {} from '@fastify/cookie';
import type { Locale } from '../channels/channel.ts';
import type { Translate } from '../i18n/locales.ts';
import type { Logger } from '../log/logger.ts';
import type { Official } from '../officials/official.ts';
import type { OfficialsStore } from '../officials/officials-store.ts';
import type { AuditLog } from './audit-log.ts';
import type { NavItem } from './console-module.ts';
import type { ConsoleSession, ConsoleSessionStore } from './console-sessions.ts';
import { CONSOLE_BASE } from './layout.ts';
import type { LoginLimiter } from './login-limiter.ts';

export const SESSION_COOKIE = 'motcua_console';
export const LANG_COOKIE = 'motcua_console_lang';

/** What every console route shares. */
export interface ConsoleCore {
  sessions: ConsoleSessionStore;
  limiter: LoginLimiter;
  officials: OfficialsStore;
  audit: AuditLog;
  t: Translate;
  logger: Logger;
  now: () => Date;
  /** Every module's menu entries, in order. */
  nav: NavItem[];
}

export interface Authenticated {
  token: string;
  session: ConsoleSession;
  official: Official;
}

export function cookieOf(req: FastifyRequest, name: string): string | undefined {
  return req.cookies[name];
}

export function localeOf(req: FastifyRequest): Locale {
  return cookieOf(req, LANG_COOKIE) === 'en' ? 'en' : 'vi';
}

/** Served over https (directly, or behind a proxy that says so — only ever makes the cookie stricter). */
export function isHttps(req: FastifyRequest): boolean {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim();
  return req.protocol === 'https' || forwarded === 'https';
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string): void {
  // No Max-Age: the browser forgets it when closed; the server expires it anyway.
  void reply.setCookie(SESSION_COOKIE, token, { path: CONSOLE_BASE, httpOnly: true, sameSite: 'strict', secure: isHttps(req) });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: CONSOLE_BASE, httpOnly: true, sameSite: 'strict', secure: isHttps(req) });
}

export function setLangCookie(req: FastifyRequest, reply: FastifyReply, locale: Locale): void {
  void reply.setCookie(LANG_COOKIE, locale, { path: CONSOLE_BASE, httpOnly: true, sameSite: 'lax', secure: isHttps(req), maxAge: 365 * 86_400 });
}

/** The logged-in official, or null. A session whose official was removed or whose password changed ends here. */
export async function authenticate(core: ConsoleCore, req: FastifyRequest): Promise<Authenticated | null> {
  const token = cookieOf(req, SESSION_COOKIE);
  const session = await core.sessions.get(token);
  if (!token || !session?.username) return null;
  const official = await core.officials.get(session.username);
  // Removed, or the password changed since this login (`motcua officials passwd`): log out everywhere.
  const changed = official?.passwordChangedAt ? Date.parse(official.passwordChangedAt) : 0;
  if (!official || changed > session.createdAt) {
    await core.sessions.destroyUser(session.username);
    return null;
  }
  return { token, session, official };
}

/** Compares a submitted token with the session's in constant time. */
export function csrfMatches(submitted: unknown, expected: string): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(submitted);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A second line behind the token: browsers say where a request comes from. A form posted from
 * another site is refused even before its token is looked at.
 */
export function crossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = req.headers.origin;
  // "null": our pages say `Referrer-Policy: no-referrer`, so browsers hide the origin of our own forms.
  if (!origin || origin === 'null') return false;
  try {
    return new URL(origin).host !== req.headers.host;
  } catch {
    return true;
  }
}

/** Only paths inside the console, never "//evil" or "/\evil": no open redirects. */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 500) return undefined;
  if (!(next === CONSOLE_BASE || next.startsWith(`${CONSOLE_BASE}/`) || next.startsWith(`${CONSOLE_BASE}?`))) return undefined;
  if (/[\\\s]|\/\/|\/\.\.?(\/|$)/.test(next)) return undefined;
  return next;
}

export function clientAddress(req: FastifyRequest): string {
  return req.ip || 'unknown';
}
