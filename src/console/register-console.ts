/**
 * @module The officials' console at /console on the app's one HTTP server: cookies and form
 * parsing scoped to it, no caching and no framing of its pages, the login routes, then each
 * module's pages (dossiers now; broadcasts plug in the same way).
 */
import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { FieldRegistry } from '../engine/turn.ts';
import type { FlowRegistry } from '../flows/flow-registry.ts';
import type { Translate } from '../i18n/locales.ts';
import type { Logger } from '../log/logger.ts';
import type { MediaStore } from '../media/media-store.ts';
import type { OfficialsStore } from '../officials/officials-store.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { DossierStore } from '../store/store.ts';
import type { AuditLog } from './audit-log.ts';
import { registerAuthRoutes } from './auth-routes.ts';
import { authenticate, localeOf, type ConsoleCore } from './console-http.ts';
import type { ConsoleModule } from './console-module.ts';
import { createConsoleRouter } from './console-router.ts';
import type { ConsoleSessionStore } from './console-sessions.ts';
import { MemoryConsoleSessions } from './memory-console-sessions.ts';
import { dossiersModule } from './dossiers/dossiers-module.ts';
import type { ConsoleDossierService } from './dossiers/dossier-service-port.ts';
import { html } from './html.ts';
import { CONSOLE_BASE, renderLayout } from './layout.ts';
import type { LoginLimiter } from './login-limiter.ts';
import { MemoryLoginLimiter } from './memory-login-limiter.ts';

const STYLES = readFileSync(new URL('./assets/console.css', import.meta.url), 'utf8');

export interface ConsoleDeps {
  dossiers: DossierStore;
  flows: FlowRegistry;
  fields: FieldRegistry;
  media: MediaStore;
  officials: OfficialsStore;
  audit: AuditLog;
  t: Translate;
  logger: Logger;
  /** The dossier service (transitions, supplement requests and their pushes). */
  service?: ConsoleDossierService;
  outbox?: Pick<Outbox, 'forDossier'>;
  now?: () => Date;
  /** Where officials' sessions and failed logins are kept: this process's memory unless given (Redis: see create-app.ts). */
  sessions?: ConsoleSessionStore;
  limiter?: LoginLimiter;
  /** More pages (e.g. broadcasts), after the dossiers. */
  modules?: ConsoleModule[];
}

export function registerConsole(app: FastifyInstance, deps: ConsoleDeps): void {
  const modules = [
    dossiersModule({
      dossiers: deps.dossiers,
      flows: deps.flows,
      fields: deps.fields,
      media: deps.media,
      ...(deps.service ? { service: deps.service } : {}),
      ...(deps.outbox ? { outbox: deps.outbox } : {}),
    }),
    ...(deps.modules ?? []),
  ];
  const core: ConsoleCore = {
    sessions: deps.sessions ?? new MemoryConsoleSessions(),
    limiter: deps.limiter ?? new MemoryLoginLimiter(),
    officials: deps.officials,
    audit: deps.audit,
    t: deps.t,
    logger: deps.logger,
    now: deps.now ?? (() => new Date()),
    nav: modules.flatMap((m) => m.nav),
  };

  void app.register(
    async (scope) => {
      await scope.register(cookie);
      await scope.register(formbody);
      // Forms with a file input (the broadcast image): kept as bytes here and read by
      // `router.upload`, whose route sets the size limit.
      scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

      scope.addHook('onSend', async (_req, reply, payload) => {
        // Personal data: no copy in any cache; no page of the console inside another site's frame.
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
        reply.header('x-frame-options', 'DENY');
        return payload;
      });

      // The stylesheet has no data in it and the login page needs it: the one public file.
      scope.get('/assets/console.css', async (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(STYLES));

      const router = createConsoleRouter(scope, core);
      registerAuthRoutes(scope, router, core);
      for (const m of modules) m.register(router);

      const plainPage = (locale: 'vi' | 'en', titleKey: string, textKey: string, url: string): string => {
        const t = (key: string, params?: Record<string, string | number>): string => core.t(locale, `console.${key}`, params);
        return renderLayout({ locale, t, title: t(titleKey), currentUrl: url, body: html`<section class="panel narrow"><h1>${t(titleKey)}</h1><p>${t(textKey)}</p><p><a href="${CONSOLE_BASE}">${t('errors.back_home')}</a></p></section>` });
      };

      scope.setNotFoundHandler(async (req, reply) => {
        // Unknown addresses say nothing to someone who is not logged in.
        if (!(await authenticate(core, req))) return reply.code(303).header('location', `${CONSOLE_BASE}/login`).send();
        return reply.code(404).type('text/html; charset=utf-8').send(plainPage(localeOf(req), 'errors.not_found_title', 'errors.not_found', req.url));
      });

      scope.setErrorHandler(async (err: { statusCode?: number; message: string }, req, reply) => {
        const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
        if (status === 500) core.logger.error({ err: err.message, url: req.url.split('?')[0] }, 'console request failed');
        // An upload over the route's limit never reaches its handler: say what was wrong.
        const text = status === 500 ? 'errors.internal' : status === 413 ? 'errors.too_large' : 'errors.bad_request';
        return reply.code(status).type('text/html; charset=utf-8').send(plainPage(localeOf(req), status === 500 ? 'errors.internal_title' : 'errors.bad_request_title', text, req.url));
      });
    },
    { prefix: CONSOLE_BASE },
  );
}
