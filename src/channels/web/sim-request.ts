/**
 * @module The web chat API's request bodies (design.md contract), parsed with zod, turned
 * into inbound events — or a 400 with a stable code and a message the page can show.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { InboundEvent, InboundMessage, Locale } from '../channel.ts';
import { cleanChoice, cleanLocation, cleanText, type EdgeCode } from '../inbound-limits.ts';
import { MotcuaError, type ErrorCode } from '../../errors.ts';

export const ChatIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'chat must be 1–64 letters, digits, "_" or "-"');

const BodySchema = z
  .object({
    chat: ChatIdSchema,
    /** Client message id: a retried POST with the same id is processed once. */
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    locale: z.enum(['vi', 'en']).optional(),
    text: z.string().optional(),
    choice: z.string().optional(),
    photo: z.string().optional(),
    location: z.unknown().optional(),
    start: z.union([z.literal(true), z.string().max(64)]).optional(),
  })
  .refine((b) => [b.text, b.choice, b.photo, b.location, b.start].filter((v) => v !== undefined).length === 1, {
    message: 'send exactly one of text, choice, photo, location or start',
  });

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface SimParseOptions {
  maxPhotoBytes: number;
  now: Date;
}

function edge(code: EdgeCode | ErrorCode, message: string): MotcuaError {
  return new MotcuaError(code, message);
}

/** Parses a POST body into an InboundMessage; throws MotcuaError (400) on bad input. */
export function parseSimRequest(body: unknown, opts: SimParseOptions): InboundMessage {
  const r = BodySchema.safeParse(body);
  if (!r.success) throw edge('BAD_REQUEST', r.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
  const b = r.data;
  let event: InboundEvent;
  if (b.text !== undefined) {
    const t = cleanText(b.text);
    if (!t.ok) throw edge(t.code, t.code === 'TEXT_EMPTY' ? 'text is empty' : 'text is too long');
    event = { kind: 'text', text: t.value };
  } else if (b.choice !== undefined) {
    const c = cleanChoice(b.choice);
    if (!c.ok) throw edge(c.code, 'choice is not a value the bot offered');
    event = { kind: 'choice', value: c.value };
  } else if (b.location !== undefined) {
    const l = cleanLocation(b.location);
    if (!l.ok) throw edge(l.code, 'location needs numeric lat (−90…90) and lng (−180…180)');
    event = { kind: 'location', ...l.value };
  } else if (b.photo !== undefined) {
    const b64 = b.photo.replace(/^data:[\w/+.-]+;base64,/, '').replace(/\s+/g, '');
    if (b64.length === 0 || b64.length % 4 === 1 || !BASE64.test(b64)) throw edge('PHOTO_INVALID', 'photo must be base64 of a JPEG or PNG image');
    const size = Math.floor((b64.length * 3) / 4);
    if (size > opts.maxPhotoBytes) throw edge('PHOTO_TOO_LARGE', `photo is larger than ${Math.round(opts.maxPhotoBytes / 1048576)} MB`);
    const bytes = Buffer.from(b64, 'base64');
    event = {
      kind: 'photo',
      media: { id: `upload-${randomUUID()}`, size: bytes.length, fetch: async () => new Uint8Array(bytes) },
    };
  } else {
    event = typeof b.start === 'string' && b.start !== '' ? { kind: 'start', payload: b.start } : { kind: 'start' };
  }
  const locale: Locale | undefined = b.locale;
  return {
    channel: 'web',
    chatId: b.chat,
    userId: b.chat,
    messageId: b.id ?? randomUUID(),
    at: opts.now,
    ...(locale ? { locale } : {}),
    event,
  };
}
