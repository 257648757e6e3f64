/**
 * @module The web chat JSON API (contract in design.md):
 * `POST /api/sim/messages` → the replies to that message; `GET /api/sim/messages?chat=&after=`
 * → everything sent to the chat after a sequence number, pushes included.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ChatIdSchema, parseSimRequest } from '../channels/web/sim-request.ts';
import type { WebChannel } from '../channels/web/web-channel.ts';
import { MotcuaError } from '../errors.ts';
import type { Translate } from '../i18n/locales.ts';
import type { ChatLogEntry } from '../store/store.ts';
import { sendError } from './error-reply.ts';

const HistoryQuery = z.object({ chat: ChatIdSchema, after: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(500).default(200) });

/** One sent message as the API shows it: the contract's fields, plus `seq` and input hints. */
const toReply = (e: ChatLogEntry): { seq: number } & ChatLogEntry['message'] => ({ seq: e.seq, ...e.message });

export function registerSimRoutes(app: FastifyInstance, opts: { web: WebChannel; t: Translate; maxPhotoBytes: number; defaultLocale: 'vi' | 'en' }): void {
  const localeOf = (body: unknown): 'vi' | 'en' => {
    const l = z.object({ locale: z.enum(['vi', 'en']) }).safeParse(body);
    return l.success ? l.data.locale : opts.defaultLocale;
  };

  app.post('/api/sim/messages', async (req, reply) => {
    try {
      const msg = parseSimRequest(req.body, { maxPhotoBytes: opts.maxPhotoBytes, now: new Date() });
      const sent = await opts.web.receive(msg);
      const position = await opts.web.position(msg.chatId);
      return { replies: sent.map(toReply), lastSeq: sent.length ? sent[sent.length - 1]!.seq : position.lastSeq, resetSeq: position.resetSeq };
    } catch (e) {
      return sendError(reply, e, opts.t, localeOf(req.body));
    }
  });

  app.get('/api/sim/messages', async (req, reply) => {
    const q = HistoryQuery.safeParse(req.query);
    if (!q.success) return sendError(reply, new MotcuaError('BAD_REQUEST', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')), opts.t, opts.defaultLocale);
    const [entries, position] = await Promise.all([opts.web.history(q.data.chat, q.data.after, q.data.limit), opts.web.position(q.data.chat)]);
    return { messages: entries.map(toReply), ...position };
  });
}
