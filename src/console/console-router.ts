/**
 * @module The `ConsoleRouter` modules register through: every route it makes checks the
 * session (login redirect for pages, 401 for resources), the official's role (403), and for
 * POSTs the CSRF token and the request's origin (403) — before the module's handler runs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasRole } from '../officials/official.ts';
import type { Access, ConsoleContext, ConsoleRouter, FormBody, NavItem } from './console-module.ts';
import { authenticate, clientAddress, crossSite, csrfMatches, localeOf, type Authenticated, type ConsoleCore } from './console-http.ts';
import type { Flash } from './console-sessions.ts';
import { html } from './html.ts';
import { CONSOLE_BASE, CSRF_FIELD, csrfInput, renderLayout } from './layout.ts';
import { parseMultipart, type UploadedFile } from './multipart-form.ts';

const FormSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

/** Forms are small; the server's large body limit is for chat photos. */
export const FORM_BODY_LIMIT = 64 * 1024;

export function navFor(core: ConsoleCore, auth: Authenticated): NavItem[] {
  return core.nav.filter((n) => hasRole(auth.official, n.role));
}

export function makeContext(core: ConsoleCore, req: FastifyRequest, reply: FastifyReply, auth: Authenticated): ConsoleContext {
  const locale = localeOf(req);
  const now = core.now();
  const actor = `official:${auth.official.username}`;
  const t = (key: string, params?: Record<string, string | number>): string => core.t(locale, `console.${key}`, params);
  return {
    req,
    reply,
    locale,
    official: auth.official,
    actor,
    now,
    nav: navFor(core, auth),
    t,
    tIn: (l, key, params) => core.t(l, `console.${key}`, params),
    csrfField: () => csrfInput(auth.session.csrf),
    async render(page) {
      const flash = auth.session.flash;
      if (flash) {
        // Shown once: saved without it before this page goes out.
        delete auth.session.flash;
        await core.sessions.save(auth.token, auth.session);
      }
      const body = renderLayout({
        locale,
        t,
        title: page.title,
        body: page.body,
        currentUrl: req.url,
        official: auth.official,
        nav: navFor(core, auth),
        csrf: auth.session.csrf,
        ...(flash ? { flash } : {}),
        ...(page.refreshSeconds ? { refreshSeconds: page.refreshSeconds } : {}),
      });
      return reply.code(page.status ?? 200).type('text/html; charset=utf-8').send(body);
    },
    async redirect(path: string, flash?: Flash) {
      if (flash) {
        auth.session.flash = flash;
        // Saved before the 303 goes out: the browser asks for the next page right away.
        await core.sessions.save(auth.token, auth.session);
      }
      return reply.code(303).header('location', path).send();
    },
    async audit(entry) {
      try {
        await core.audit.record({ ...entry, at: now.toISOString(), actor, ip: clientAddress(req) });
      } catch (e) {
        core.logger.error({ err: e instanceof Error ? e.message : String(e), action: entry.action }, 'console audit write failed');
      }
    },
  };
}

function allowed(auth: Authenticated, access: Access): boolean {
  return access === 'any' || hasRole(auth.official, access);
}

function toLogin(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const next = req.method === 'GET' ? req.url : undefined;
  return reply.code(303).header('location', `${CONSOLE_BASE}/login${next ? `?next=${encodeURIComponent(next)}` : '?expired=1'}`).send();
}

function forbidden(ctx: ConsoleContext, key: string): Promise<FastifyReply> {
  return ctx.render({ title: ctx.t('errors.forbidden_title'), status: 403, body: html`<section class="panel narrow"><h1>${ctx.t('errors.forbidden_title')}</h1><p>${ctx.t(key)}</p><p><a href="${CONSOLE_BASE}">${ctx.t('errors.back_home')}</a></p></section>` });
}

/** A router over a Fastify scope mounted at /console. */
export function createConsoleRouter(scope: FastifyInstance, core: ConsoleCore): ConsoleRouter {
  const page = (path: string, access: Access, handler: (ctx: ConsoleContext) => Promise<FastifyReply>): void => {
    scope.get(path, async (req, reply) => {
      const auth = await authenticate(core, req);
      if (!auth) return toLogin(req, reply);
      const ctx = makeContext(core, req, reply, auth);
      if (!allowed(auth, access)) return forbidden(ctx, 'errors.role_missing');
      return handler(ctx);
    });
  };
  const action = (path: string, access: Access, handler: (ctx: ConsoleContext, form: FormBody) => Promise<FastifyReply>): void => {
    scope.post(path, { bodyLimit: FORM_BODY_LIMIT }, async (req, reply) => {
      const auth = await authenticate(core, req);
      if (!auth) return toLogin(req, reply);
      const ctx = makeContext(core, req, reply, auth);
      const form = FormSchema.safeParse(req.body ?? {});
      if (crossSite(req) || !form.success || !csrfMatches(form.data[CSRF_FIELD], auth.session.csrf)) {
        await ctx.audit({ action: 'csrf_refused', target: req.url.split('?')[0] ?? '', outcome: 'refused' });
        return forbidden(ctx, 'errors.csrf');
      }
      if (!allowed(auth, access)) return forbidden(ctx, 'errors.role_missing');
      return handler(ctx, form.data);
    });
  };
  const upload = (path: string, access: Access, maxBytes: number, handler: (ctx: ConsoleContext, form: FormBody, files: UploadedFile[]) => Promise<FastifyReply>): void => {
    scope.post(path, { bodyLimit: maxBytes }, async (req, reply) => {
      const auth = await authenticate(core, req);
      if (!auth) return toLogin(req, reply);
      const ctx = makeContext(core, req, reply, auth);
      const type = String(req.headers['content-type'] ?? '');
      const parsed = req.body instanceof Uint8Array && type.startsWith('multipart/form-data') ? await parseMultipart(req.body, type) : null;
      const form = parsed ? FormSchema.safeParse(parsed.fields) : null;
      if (crossSite(req) || !parsed || !form?.success || !csrfMatches(form.data[CSRF_FIELD], auth.session.csrf)) {
        await ctx.audit({ action: 'csrf_refused', target: req.url.split('?')[0] ?? '', outcome: 'refused' });
        return forbidden(ctx, 'errors.csrf');
      }
      if (!allowed(auth, access)) return forbidden(ctx, 'errors.role_missing');
      return handler(ctx, form.data, parsed.files);
    });
  };
  const resource = (path: string, access: Access, handler: (ctx: ConsoleContext) => Promise<FastifyReply>): void => {
    scope.get(path, async (req, reply) => {
      const auth = await authenticate(core, req);
      if (!auth) return reply.code(401).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send('401 unauthorized: log in to the console first');
      if (!allowed(auth, access)) return reply.code(403).type('text/plain; charset=utf-8').send('403 forbidden');
      return handler(makeContext(core, req, reply, auth));
    });
  };
  return { page, action, upload, resource };
}
