/**
 * @module Turns one message from the Zalo listener into what the engine understands.
 * Only 1:1 messages from other people become InboundMessages; a group gets a one-off
 * "private chat only" note from the channel; our own messages are dropped.
 */
import type { InboundEvent, InboundMessage, MediaRef } from '../channel.ts';
import { cleanLocation, cleanText, type EdgeCode } from '../inbound-limits.ts';
import { locationFromContent } from './location-from-content.ts';
import { photoSources, type PhotoSource } from './photo-sources.ts';
import { paramNumber, paramString, readContent } from './zalo-content.ts';
import { THREAD_GROUP, THREAD_USER, type ZaloIncoming } from './zalo-incoming.ts';

export type MappedZalo =
  | { kind: 'inbound'; message: InboundMessage }
  /** A group thread: answer once that the assistant works in private chat, never forward. */
  | { kind: 'group'; threadId: string }
  /** The user sent something the edge refuses (too long, bad location): reply with the code's text. */
  | { kind: 'edge'; chatId: string; messageId: string; code: EdgeCode }
  | { kind: 'ignore'; reason: 'self' | 'empty' | 'thread' };

export type MakeMediaRef = (sources: PhotoSource[], info: { mime?: string; size?: number; fileName?: string }) => MediaRef;

/** Extensions of files we accept as a photo when sent "as a file" (uncompressed). */
const IMAGE_EXT: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

export function mapZaloMessage(m: ZaloIncoming, makeMedia: MakeMediaRef): MappedZalo {
  if (m.isSelf) return { kind: 'ignore', reason: 'self' };
  if (m.type === THREAD_GROUP) return { kind: 'group', threadId: m.threadId };
  if (m.type !== THREAD_USER) return { kind: 'ignore', reason: 'thread' };
  const chatId = m.threadId;
  const messageId = m.data.msgId;
  const event = toEvent(m, makeMedia);
  if ('code' in event) return event.code === 'TEXT_EMPTY' ? { kind: 'ignore', reason: 'empty' } : { kind: 'edge', chatId, messageId, code: event.code };
  const ts = Number(m.data.ts);
  return {
    kind: 'inbound',
    message: {
      channel: 'zalo',
      chatId,
      userId: m.data.uidFrom || chatId,
      messageId,
      at: Number.isFinite(ts) && ts > 0 ? new Date(ts) : new Date(),
      event,
    },
  };
}

function toEvent(m: ZaloIncoming, makeMedia: MakeMediaRef): InboundEvent | { code: EdgeCode } {
  const { msgType, content } = m.data;
  if (msgType === 'webchat') {
    if (typeof content !== 'string') return { kind: 'unsupported', what: 'other' };
    const t = cleanText(content);
    return t.ok ? { kind: 'text', text: t.value } : { code: t.code };
  }
  const c = readContent(content);
  switch (msgType) {
    case 'chat.photo': {
      const sources = c ? photoSources(c) : [];
      if (sources.length === 0) return { kind: 'unsupported', what: 'other' };
      const size = c ? paramNumber(c.params, 'fileSize', 'hdSize') : undefined;
      return { kind: 'photo', media: makeMedia(sources, size === undefined ? {} : { size }) };
    }
    case 'share.file': {
      if (!c) return { kind: 'unsupported', what: 'file' };
      const ext = (paramString(c.params, 'fileExt') ?? extensionOf(c.title)).toLowerCase();
      const mime = IMAGE_EXT[ext];
      if (!mime || !c.href) return { kind: 'unsupported', what: 'file' };
      // Only the file itself: its thumbnail is a preview, not the document.
      const sources: PhotoSource[] = [{ variant: 'href', url: c.href }];
      const size = paramNumber(c.params, 'fileSize');
      const info: { mime: string; size?: number; fileName?: string } = { mime };
      if (size !== undefined) info.size = size;
      if (c.title) info.fileName = c.title;
      return { kind: 'photo', media: makeMedia(sources, info) };
    }
    case 'chat.location.new': {
      const raw = c ? locationFromContent(c) : null;
      const loc = cleanLocation(raw ? { lat: raw.lat, lng: raw.lng } : null);
      if (!loc.ok) return { code: loc.code };
      // The label is an address the user typed or picked: cleaned like any text, short or dropped.
      const label = raw?.label ? cleanText(raw.label) : undefined;
      return label?.ok && label.value.length <= 200 ? { kind: 'location', ...loc.value, label: label.value } : { kind: 'location', ...loc.value };
    }
    case 'chat.sticker':
      return { kind: 'unsupported', what: 'sticker' };
    case 'chat.voice':
      return { kind: 'unsupported', what: 'voice' };
    case 'chat.video.msg':
      return { kind: 'unsupported', what: 'video' };
    default:
      // gif, doodle, contact/link cards, polls, ...: the engine answers with what works.
      return { kind: 'unsupported', what: 'other' };
  }
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot >= 0 ? fileName.slice(dot + 1) : '';
}
