/**
 * @module The one HTTP server: web chat page and API, health check, and whatever routes
 * channels and the console add (Telegram webhook, officials' console).
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebChannel } from '../channels/web/web-channel.ts';
import type { Translate } from '../i18n/locales.ts';
import type { Store } from '../store/store.ts';
import { registerSimRoutes } from './sim-routes.ts';

const PAGE_DIR = fileURLToPath(new URL('../channels/web/page/', import.meta.url));
const ASSETS: Record<string, string> = { 'chat.js': 'text/javascript; charset=utf-8', 'chat.css': 'text/css; charset=utf-8' };

export interface HttpServerOptions {
  web: WebChannel;
  store: Store;
  t: Translate;
  logger: Logger;
  maxPhotoBytes: number;
  defaultLocale: 'vi' | 'en';
  /** Reverse proxies whose X-Forwarded-* headers are believed (TRUST_PROXY); none by default. */
  trustProxy?: string[];
}

export function createHttpServer(opts: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    // Request logs would carry URLs with chat ids and bodies; we log what matters ourselves.
    logger: false,
    // Room for one base64 photo at the limit plus the JSON around it.
    bodyLimit: Math.ceil((opts.maxPhotoBytes * 4) / 3) + 64 * 1024,
    ...(opts.trustProxy !== undefined ? { trustProxy: opts.trustProxy } : {}),
  });

  app.setErrorHandler((err: { statusCode?: number; code?: string; message: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode < 500 ? 400 : 500;
    const code = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'PHOTO_TOO_LARGE' : status === 400 ? 'BAD_REQUEST' : 'INTERNAL';
    if (status === 500) opts.logger.error({ err: err.message }, 'request failed');
    void reply.code(status).send({ error: { code, message: opts.t(opts.defaultLocale, `engine.edge.${code}`) } });
  });

  app.get('/healthz', async (_req, reply) => {
    try {
      await opts.store.ping();
      return { ok: true, store: opts.store.kind };
    } catch {
      return reply.code(503).send({ ok: false, store: opts.store.kind });
    }
  });

  // The page loads nothing from elsewhere; say so to the browser.
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      reply.header('content-security-policy', "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    }
    return payload;
  });

  app.get('/', async (_req, reply) => {
    const html = await readFile(`${PAGE_DIR}index.html`, 'utf8');
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
  app.get<{ Params: { file: string } }>('/static/:file', async (req, reply) => {
    const type = ASSETS[req.params.file];
    if (!type) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } });
    return reply.type(type).header('cache-control', 'no-cache').send(await readFile(`${PAGE_DIR}${req.params.file}`));
  });

  registerSimRoutes(app, { web: opts.web, t: opts.t, maxPhotoBytes: opts.maxPhotoBytes, defaultLocale: opts.defaultLocale });
  return app;
}
