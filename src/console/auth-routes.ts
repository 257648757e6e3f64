/**
 * @module Logging in and out, the language switch and the start page. The login form has its
 * own pre-login session (for its CSRF token); a successful login replaces it with a new one.
 * Failed logins are counted per username and per address and refused over the limit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Locale } from '../channels/channel.ts';
import { UsernameSchema } from '../officials/official.ts';
import { verifyAgainstDummy, verifyPassword } from '../officials/password-hash.ts';
import type { AuditEntry } from './audit-log.ts';
import type { ConsoleRouter } from './console-module.ts';
import {
  authenticate,
  clearSessionCookie,
  clientAddress,
  cookieOf,
  crossSite,
  csrfMatches,
  localeOf,
  safeNext,
  SESSION_COOKIE,
  setLangCookie,
  setSessionCookie,
  type ConsoleCore,
} from './console-http.ts';
import { FORM_BODY_LIMIT } from './console-router.ts';
import { html } from './html.ts';
import { CONSOLE_BASE, CSRF_FIELD, csrfInput, renderLayout } from './layout.ts';

const LoginForm = z.object({
  username: z.string().max(200).default(''),
  password: z.string().max(1024).default(''),
  [CSRF_FIELD]: z.string().max(200).optional(),
  next: z.string().max(500).optional(),
});

interface LoginView {
  status: number;
  message?: { kind: 'ok' | 'error'; key: string; params?: Record<string, string | number> };
  username?: string;
  next?: string;
}

export function registerAuthRoutes(scope: FastifyInstance, router: ConsoleRouter, core: ConsoleCore): void {
  const audit = async (req: FastifyRequest, entry: Omit<AuditEntry, 'at' | 'ip'>): Promise<void> => {
    try {
      await core.audit.record({ ...entry, at: core.now().toISOString(), ip: clientAddress(req) });
    } catch (e) {
      core.logger.error({ err: e instanceof Error ? e.message : String(e), action: entry.action }, 'console audit write failed');
    }
  };

  /** The login page, with a pre-login session for the form's CSRF token (reused while it lives). */
  const loginPage = async (req: FastifyRequest, reply: FastifyReply, view: LoginView): Promise<FastifyReply> => {
    const locale = localeOf(req);
    const t = (key: string, params?: Record<string, string | number>): string => core.t(locale, `console.${key}`, params);
    let session = await core.sessions.get(cookieOf(req, SESSION_COOKIE));
    if (!session || session.username) {
      const created = await core.sessions.create();
      session = created.session;
      setSessionCookie(req, reply, created.token);
    }
    const message = view.message ? { kind: view.message.kind, text: t(view.message.key, view.message.params) } : undefined;
    const body = html`<section class="panel login">
  <h1>${t('login.title')}</h1>
  <p class="muted">${t('login.intro')}</p>
  ${message ? html`<p class="flash ${message.kind}" role="${message.kind === 'error' ? 'alert' : 'status'}">${message.text}</p>` : ''}
  <form method="post" action="${CONSOLE_BASE}/login" class="stack">
    ${csrfInput(session.csrf)}
    ${view.next ? html`<input type="hidden" name="next" value="${view.next}">` : ''}
    <label>${t('login.username')}<input name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required maxlength="32" value="${view.username ?? ''}" ${view.username ? '' : html`autofocus`}></label>
    <label>${t('login.password')}<input name="password" type="password" autocomplete="current-password" required maxlength="1024" ${view.username ? html`autofocus` : ''}></label>
    <button type="submit" class="primary">${t('login.submit')}</button>
  </form>
</section>`;
    return reply
      .code(view.status)
      .type('text/html; charset=utf-8')
      .send(renderLayout({ locale, t, title: t('login.title'), body, currentUrl: req.url }));
  };

  scope.get('/login', async (req, reply) => {
    if (await authenticate(core, req)) return reply.code(303).header('location', CONSOLE_BASE).send();
    const q = z.object({ next: z.string().optional(), bye: z.string().optional(), expired: z.string().optional() }).safeParse(req.query);
    const next = q.success ? safeNext(q.data.next) : undefined;
    const message: LoginView['message'] = q.success && q.data.bye ? { kind: 'ok', key: 'login.logged_out' } : q.success && q.data.expired ? { kind: 'error', key: 'login.session_expired' } : undefined;
    return loginPage(req, reply, { status: 200, ...(next ? { next } : {}), ...(message ? { message } : {}) });
  });

  scope.post('/login', { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
    const form = LoginForm.safeParse(req.body ?? {});
    const session = await core.sessions.get(cookieOf(req, SESSION_COOKIE));
    if (!form.success || !session || crossSite(req) || !csrfMatches(form.data[CSRF_FIELD], session.csrf)) {
      await audit(req, { actor: 'anonymous', action: 'login_csrf_refused', outcome: 'refused' });
      return loginPage(req, reply, { status: 403, message: { kind: 'error', key: 'login.form_expired' } });
    }
    const { password } = form.data;
    const typed = form.data.username.trim().toLowerCase();
    const next = safeNext(form.data.next);
    const view = { username: typed.slice(0, 32), ...(next ? { next } : {}) };
    const name = UsernameSchema.safeParse(typed);
    // Invalid usernames are still counted (under what was typed), so probing them costs the same.
    const key = name.success ? name.data : typed.slice(0, 64);
    const address = clientAddress(req);
    const wait = await core.limiter.retryAfterMs(key, address);
    if (wait > 0) {
      await audit(req, { actor: 'anonymous', action: 'login_limited', target: key, outcome: 'refused' });
      void reply.header('retry-after', String(Math.ceil(wait / 1000)));
      return loginPage(req, reply, { ...view, status: 429, message: { kind: 'error', key: 'login.rate_limited', params: { minutes: Math.ceil(wait / 60_000) } } });
    }
    const official = name.success ? await core.officials.get(name.data) : null;
    const ok = official && password ? await verifyPassword(password, official.password) : await verifyAgainstDummy(password);
    if (!ok || !official) {
      await core.limiter.fail(key, address);
      await audit(req, { actor: 'anonymous', action: 'login_failed', target: key, outcome: 'failed' });
      return loginPage(req, reply, { ...view, status: 401, message: { kind: 'error', key: 'login.wrong' } });
    }
    await core.limiter.succeed(official.username);
    // A new session id at login: a token planted before login is worth nothing after it.
    await core.sessions.destroy(cookieOf(req, SESSION_COOKIE));
    const created = await core.sessions.create(official.username);
    setSessionCookie(req, reply, created.token);
    await audit(req, { actor: `official:${official.username}`, action: 'login', outcome: 'ok' });
    return reply.code(303).header('location', next ?? CONSOLE_BASE).send();
  });

  router.action('/logout', 'any', async (ctx) => {
    await ctx.audit({ action: 'logout', outcome: 'ok' });
    await core.sessions.destroy(cookieOf(ctx.req, SESSION_COOKIE));
    clearSessionCookie(ctx.req, ctx.reply);
    return ctx.reply.code(303).header('location', `${CONSOLE_BASE}/login?bye=1`).send();
  });

  scope.get<{ Params: { locale: string } }>('/lang/:locale', async (req, reply) => {
    const locale: Locale = req.params.locale === 'en' ? 'en' : 'vi';
    setLangCookie(req, reply, locale);
    const next = safeNext((req.query as { next?: unknown }).next) ?? CONSOLE_BASE;
    return reply.code(303).header('location', next).send();
  });

  // The start page: the first page this official may use.
  router.page('/', 'any', async (ctx) => {
    const first = ctx.nav[0];
    if (first) return ctx.reply.code(303).header('location', first.href).send();
    return ctx.render({ title: ctx.t('layout.brand'), body: html`<section class="panel narrow"><p>${ctx.t('errors.no_pages')}</p></section>` });
  });
}
