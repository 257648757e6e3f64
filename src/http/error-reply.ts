/**
 * @module Maps errors to the HTTP shape `{ error: { code, message } }` with a stable code;
 * the message is the citizen-facing text in their language where one exists.
 */
import type { FastifyReply } from 'fastify';
import type { Locale } from '../channels/channel.ts';
import { isMotcuaError } from '../errors.ts';
import type { Translate } from '../i18n/locales.ts';

export function sendError(reply: FastifyReply, e: unknown, t: Translate, locale: Locale): FastifyReply {
  if (isMotcuaError(e)) {
    const key = `engine.edge.${e.code}`;
    const friendly = t(locale, key);
    const status = e.status >= 400 && e.status < 500 ? 400 : e.status;
    return reply.code(status).send({ error: { code: e.code, message: friendly === key ? e.message : friendly, detail: e.message } });
  }
  return reply.code(500).send({ error: { code: 'INTERNAL', message: t(locale, 'engine.internal_error') } });
}
