/**
 * @module The back office's side of the HTTP server (contract in design.md):
 * `POST /api/gateway/status` — a signed status update: 401 for a missing, bad or stale
 * (> 300 s) signature, 400 for a body that does not parse, 404 for an unknown code, 409 for a
 * status the dossier cannot take now, 200 `{ applied: false }` for a replay (nothing is sent
 * again), 200 `{ applied: true }` when it drove the change and its pushes.
 * `GET /api/gateway/photos/:id?exp=&sig=` — a photo by time-limited signed link.
 *
 * Both live in their own Fastify scope whose only body parser keeps the raw bytes: the
 * signature is over the body exactly as sent.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ExternalStatus } from '../dossiers/dossier-service.ts';
import type { Dossier } from '../dossiers/dossier.ts';
import { isMotcuaError, MotcuaError } from '../errors.ts';
import { checkSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../gateway/gateway-signature.ts';
import type { PhotoLinks } from '../gateway/photo-links.ts';
import { StatusUpdateSchema } from '../gateway/status-update.ts';
import type { Logger } from '../log/logger.ts';
import type { MediaStore } from '../media/media-store.ts';

export interface GatewayRoutesDeps {
  /** GATEWAY_SECRET; without it every status update is refused (401). */
  secret?: string;
  links?: PhotoLinks;
  service: { applyExternalStatus(code: string, s: ExternalStatus): Promise<{ dossier: Dossier; applied: boolean }> };
  /** The step ids of a procedure, to check a supplement request's steps (undefined: unknown procedure). */
  stepsOf(procedureId: string): { has(step: string): boolean } | undefined;
  dossierProcedure(code: string): Promise<string | undefined>;
  media: MediaStore;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
}

/** Status updates are small; photos are never uploaded here. */
const BODY_LIMIT = 64 * 1024;

function fail(reply: FastifyReply, e: MotcuaError): FastifyReply {
  return reply.code(e.status).send({ error: { code: e.code, message: e.message } });
}

const header = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export function registerGatewayRoutes(app: FastifyInstance, deps: GatewayRoutesDeps): void {
  const now = deps.now ?? (() => new Date());

  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));
    scope.setErrorHandler(async (err: { statusCode?: number; code?: string }, _req, reply) => {
      const tooLarge = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) deps.logger.error({ err: err.code ?? 'unknown' }, 'gateway: request failed');
      return reply.code(tooLarge ? 413 : status).send({ error: { code: status === 500 ? 'INTERNAL' : 'BAD_REQUEST', message: tooLarge ? `the body is over ${BODY_LIMIT} bytes` : 'bad request' } });
    });

    scope.post('/api/gateway/status', async (req, reply) => {
      if (!deps.secret) return fail(reply, new MotcuaError('UNAUTHORIZED', 'status updates are not enabled here (GATEWAY_SECRET is not set)'));
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const check = checkSignature(deps.secret, { timestamp: header(req.headers[TIMESTAMP_HEADER]), signature: header(req.headers[SIGNATURE_HEADER]), rawBody: raw }, now());
      if (!check.ok) {
        deps.logger.warn({ reason: check.reason }, 'gateway: status update refused (signature)');
        return fail(reply, new MotcuaError('UNAUTHORIZED', `signature ${check.reason}: sign "<timestamp>.<raw body>" with HMAC-SHA256 and send X-Motcua-Timestamp (unix seconds, within 300 s) and X-Motcua-Signature: sha256=<hex>`));
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return fail(reply, new MotcuaError('BAD_REQUEST', 'the body is not JSON'));
      }
      const body = StatusUpdateSchema.safeParse(json);
      if (!body.success) {
        return fail(reply, new MotcuaError('BAD_REQUEST', body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')));
      }
      const u = body.data;
      try {
        if (u.steps && u.steps.length > 0) {
          const procedure = await deps.dossierProcedure(u.code);
          const known = procedure ? deps.stepsOf(procedure) : undefined;
          const unknown = known ? u.steps.filter((s) => !known.has(s)) : [];
          if (unknown.length > 0) return fail(reply, new MotcuaError('BAD_REQUEST', `unknown steps for this procedure: ${unknown.join(', ')}`));
        }
        const { dossier, applied } = await deps.service.applyExternalStatus(u.code, {
          status: u.status,
          at: u.at,
          ...(u.message !== undefined ? { message: u.message } : {}),
          ...(u.steps ? { steps: u.steps } : {}),
        });
        deps.logger.info({ code: dossier.code, status: u.status, applied }, applied ? 'gateway: status applied' : 'gateway: replayed status ignored');
        return reply.send({ ok: true, code: dossier.code, status: dossier.status, applied });
      } catch (e) {
        if (isMotcuaError(e) && e.status < 500) return fail(reply, e);
        throw e;
      }
    });

    const PhotoQuery = z.object({ exp: z.string().optional(), sig: z.string().optional() });
    scope.get<{ Params: { id: string } }>('/api/gateway/photos/:id', async (req, reply) => {
      const q = PhotoQuery.safeParse(req.query);
      const verdict = deps.links && q.success ? deps.links.check(req.params.id, q.data.exp, q.data.sig, now()) : 'invalid';
      if (verdict !== 'ok') return fail(reply, new MotcuaError('FORBIDDEN', verdict === 'expired' ? 'this photo link has expired; ask for the dossier again' : 'this photo link is not valid'));
      const photo = await deps.media.get(req.params.id);
      if (!photo) return fail(reply, new MotcuaError('DOSSIER_NOT_FOUND', 'the photo is no longer kept'));
      // ID document photos: never cached by a proxy or the browser.
      return reply.type(photo.mime).header('cache-control', 'private, no-store').header('content-disposition', 'inline').send(Buffer.from(photo.data));
    });
  });
}
