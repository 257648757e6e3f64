/**
 * @module Maps one parsed Telegram update to what the channel does with it: an
 * InboundMessage for the engine, a callback tap to resolve first, a reply the channel gives
 * itself (groups, input rejected at the edge, unsupported content), or nothing.
 * Pure: no I/O, so every mapping is tested without a server.
 */
import type { InboundEvent, InboundMessage, Locale, MediaRef } from '../channel.ts';
import { cleanLocation, cleanText, type EdgeCode } from '../inbound-limits.ts';
import type { TgMessage, TgUpdate, TgUser } from './update-schema.ts';

export type Unsupported = Extract<InboundEvent, { kind: 'unsupported' }>['what'];

/** The parts of an InboundMessage that do not depend on the event. */
export type InboundBase = Omit<InboundMessage, 'event'>;

export interface FileInfo {
  fileId: string;
  mime?: string;
  size?: number;
  fileName?: string;
}

export type Mapped =
  | { kind: 'inbound'; base: InboundBase; event: InboundEvent }
  /** A tap on an inline button: the channel checks it against the live keyboard first. */
  | { kind: 'callback'; base: InboundBase; queryId: string; keyboardMessageId: number | undefined; data: string | undefined }
  | { kind: 'rejected'; base: InboundBase; code: EdgeCode }
  | { kind: 'unsupported'; base: InboundBase; what: Unsupported }
  | { kind: 'group'; chatId: string; locale: Locale | undefined }
  /** `queryId`: a tap we ignore still gets answered, or its spinner keeps turning. */
  | { kind: 'ignore'; reason: string; queryId?: string };

/** Slash commands the engine knows (design.md: global commands); they reach it as typed, arguments included. */
const COMMANDS = new Set(['help', 'cancel', 'lang', 'language', 'back', 'restart', 'skip', 'repeat', 'status']);

// Telegram deep links carry 1–64 characters of A–Z, a–z, 0–9, _ and -.
const START_PAYLOAD = /^[A-Za-z0-9_-]{1,64}$/;
const IMAGE_EXT = /\.(jpe?g|png|webp|heic|heif)$/i;

export function localeOf(user: TgUser | undefined): Locale | undefined {
  const code = user?.language_code?.toLowerCase() ?? '';
  if (code === 'vi' || code.startsWith('vi-')) return 'vi';
  if (code === 'en' || code.startsWith('en-')) return 'en';
  return undefined;
}

/**
 * Telegram gives the account's number as international digits without '+'; a card shared
 * from the address book keeps whatever was saved (often local: 0901…). Only the former
 * gets the '+'; the engine's phone field normalises the rest.
 */
export function normalisePhone(raw: string): string {
  const p = raw.replace(/[\s().-]/g, '');
  return /^[1-9]\d{7,14}$/.test(p) ? `+${p}` : p;
}

export function toInbound(u: TgUpdate, media: (f: FileInfo) => MediaRef, now: Date = new Date()): Mapped {
  const updateId = String(u.update_id);

  if (u.callback_query) {
    const q = u.callback_query;
    const chat = q.message?.chat;
    if (chat && chat.type !== 'private') return { kind: 'ignore', reason: 'callback outside a private chat', queryId: q.id };
    const locale = localeOf(q.from);
    return {
      kind: 'callback',
      base: { channel: 'telegram', chatId: String(chat?.id ?? q.from.id), userId: String(q.from.id), messageId: updateId, at: now, ...(locale ? { locale } : {}) },
      queryId: q.id,
      keyboardMessageId: q.message?.message_id,
      data: q.data,
    };
  }

  const edited = u.edited_message;
  const msg = u.message ?? edited;
  if (!msg) return { kind: 'ignore', reason: u.channel_post || u.edited_channel_post ? 'channel post' : 'update kind not handled' };

  const locale = localeOf(msg.from);
  if (msg.chat.type !== 'private') {
    // Dossiers hold personal data: never in a group. Edits there are not worth a reply.
    return edited ? { kind: 'ignore', reason: 'edit in a group' } : { kind: 'group', chatId: String(msg.chat.id), locale };
  }
  const base: InboundBase = {
    channel: 'telegram',
    chatId: String(msg.chat.id),
    userId: String(msg.from?.id ?? msg.chat.id),
    messageId: updateId,
    at: new Date(msg.date * 1000),
    ...(locale ? { locale } : {}),
  };

  if (edited) {
    // A live location updates itself through edits every few seconds: not the user's doing.
    if (edited.location) return { kind: 'ignore', reason: 'live location update' };
    return { kind: 'unsupported', base, what: 'edited' };
  }
  return fromMessage(msg, base, media);
}

function fromMessage(msg: TgMessage, base: InboundBase, media: (f: FileInfo) => MediaRef): Mapped {
  const inbound = (event: InboundEvent): Mapped => ({ kind: 'inbound', base, event });

  if (msg.text !== undefined) {
    const command = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(msg.text.trim());
    if (command) {
      const name = (command[1] ?? '').toLowerCase();
      const args = command[2]?.trim();
      if (name === 'start') return inbound(args && START_PAYLOAD.test(args) ? { kind: 'start', payload: args } : { kind: 'start' });
      if (COMMANDS.has(name)) return inbound({ kind: 'text', text: args ? `/${name} ${args}` : `/${name}` });
    }
    const r = cleanText(msg.text);
    return r.ok ? inbound({ kind: 'text', text: r.value }) : { kind: 'rejected', base, code: r.code };
  }

  if (msg.photo) {
    // Telegram lists sizes smallest first; pick by area in case that ever changes.
    const largest = msg.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return inbound({ kind: 'photo', media: media({ fileId: largest.file_id, mime: 'image/jpeg', ...(largest.file_size !== undefined ? { size: largest.file_size } : {}) }) });
  }

  if (msg.document) {
    const d = msg.document;
    const isImage = d.mime_type !== undefined ? d.mime_type.toLowerCase().startsWith('image/') : IMAGE_EXT.test(d.file_name ?? '');
    if (!isImage) return { kind: 'unsupported', base, what: 'file' };
    return inbound({
      kind: 'photo',
      media: media({
        fileId: d.file_id,
        ...(d.mime_type !== undefined ? { mime: d.mime_type.toLowerCase() } : {}),
        ...(d.file_size !== undefined ? { size: d.file_size } : {}),
        ...(d.file_name !== undefined ? { fileName: d.file_name } : {}),
      }),
    });
  }

  if (msg.location) {
    const r = cleanLocation({ lat: msg.location.latitude, lng: msg.location.longitude });
    if (!r.ok) return { kind: 'rejected', base, code: r.code };
    const label = msg.venue ? [msg.venue.title, msg.venue.address].filter((s) => s.trim() !== '').join(', ') : '';
    const cleanLabel = label ? cleanText(label) : undefined;
    return inbound({ kind: 'location', ...r.value, ...(cleanLabel?.ok ? { label: cleanLabel.value } : {}) });
  }

  if (msg.contact) {
    const phone = normalisePhone(msg.contact.phone_number);
    // Only the user's own card proves the number is theirs ("share my number" button);
    // someone else's card is just a number they typed, e.g. a relative's.
    const own = msg.contact.user_id !== undefined && msg.contact.user_id === msg.from?.id;
    return inbound(own ? { kind: 'contact', phone } : { kind: 'text', text: phone });
  }

  if (msg.sticker !== undefined) return { kind: 'unsupported', base, what: 'sticker' };
  if (msg.voice !== undefined) return { kind: 'unsupported', base, what: 'voice' };
  if (msg.audio !== undefined) return { kind: 'unsupported', base, what: 'file' };
  if (msg.video !== undefined || msg.video_note !== undefined || msg.animation !== undefined) return { kind: 'unsupported', base, what: 'video' };
  if (msg.poll !== undefined || msg.dice !== undefined || msg.game !== undefined || msg.story !== undefined || msg.paid_media !== undefined) {
    return { kind: 'unsupported', base, what: 'other' };
  }
  // Service messages (pinned, write access allowed, ...) are not the user talking.
  return { kind: 'ignore', reason: 'service message' };
}
