import { describe, expect, it } from 'vitest';
import type { MediaRef } from '../channel.ts';
import { normalisePhone, toInbound, type FileInfo } from './to-inbound.ts';
import { UpdateSchema, type TgUpdate } from './update-schema.ts';

const media = (f: FileInfo): MediaRef => ({ id: f.fileId, ...(f.mime ? { mime: f.mime } : {}), fetch: async () => new Uint8Array() });
const chat = { id: 42, type: 'private' };
const from = { id: 42, is_bot: false, first_name: 'Lan', language_code: 'vi' };
const update = (u: object): TgUpdate => UpdateSchema.parse({ update_id: 7, ...u });
const msg = (m: object): TgUpdate => update({ message: { message_id: 3, date: 1_700_000_000, chat, from, ...m } });

describe('toInbound', () => {
  it('uses the update id as messageId and the message date as at', () => {
    const r = toInbound(msg({ text: 'chào' }), media);
    expect(r).toMatchObject({ kind: 'inbound', base: { messageId: '7', chatId: '42', userId: '42', locale: 'vi', at: new Date(1_700_000_000_000) } });
  });

  it('passes unknown commands through as text', () => {
    expect(toInbound(msg({ text: '/xyz abc' }), media)).toMatchObject({ event: { kind: 'text', text: '/xyz abc' } });
  });

  it('recognises an image document by extension when Telegram gives no mime type', () => {
    expect(toInbound(msg({ document: { file_id: 'f', file_name: 'IMG_0001.HEIC' } }), media)).toMatchObject({ event: { kind: 'photo' } });
    expect(toInbound(msg({ document: { file_id: 'f', file_name: 'notes.txt' } }), media)).toMatchObject({ kind: 'unsupported', what: 'file' });
  });

  it('rejects an impossible location at the edge', () => {
    expect(toInbound(msg({ location: { latitude: 91, longitude: 0 } }), media)).toMatchObject({ kind: 'rejected', code: 'LOCATION_INVALID' });
  });

  it('ignores live-location edits, service messages, channel posts and taps in groups', () => {
    expect(toInbound(update({ edited_message: { message_id: 3, date: 1, chat, from, location: { latitude: 1, longitude: 2 } } }), media).kind).toBe('ignore');
    expect(toInbound(msg({ pinned_message: {} }), media).kind).toBe('ignore');
    expect(toInbound(update({ channel_post: { message_id: 1, date: 1, chat: { id: -100, type: 'channel' }, text: 'x' } }), media).kind).toBe('ignore');
    expect(toInbound(update({ callback_query: { id: 'q', from, data: 'x', message: { message_id: 1, chat: { id: -5, type: 'group' } } } }), media)).toEqual({ kind: 'ignore', reason: 'callback outside a private chat', queryId: 'q' });
    expect(toInbound(update({ my_chat_member: {} }), media).kind).toBe('ignore');
  });

  it('maps audio files to file and polls or dice to other', () => {
    expect(toInbound(msg({ audio: {} }), media)).toMatchObject({ kind: 'unsupported', what: 'file' });
    expect(toInbound(msg({ dice: { emoji: '🎲', value: 3 } }), media)).toMatchObject({ kind: 'unsupported', what: 'other' });
  });

  it('gives a callback without a message (inline) the sender as chat', () => {
    expect(toInbound(update({ callback_query: { id: 'q', from, data: 'x' } }), media)).toMatchObject({ kind: 'callback', base: { chatId: '42' }, keyboardMessageId: undefined });
  });
});

describe('normalisePhone', () => {
  it('adds + to bare international digits and keeps local numbers', () => {
    expect(normalisePhone('84901234567')).toBe('+84901234567');
    expect(normalisePhone('+84 90-123.4567')).toBe('+84901234567');
    expect(normalisePhone('0901234567')).toBe('0901234567');
  });
});
