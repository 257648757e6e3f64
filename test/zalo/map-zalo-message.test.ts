import { describe, expect, it } from 'vitest';
import type { MediaRef } from '../../src/channels/channel.ts';
import { mapZaloMessage, type MakeMediaRef } from '../../src/channels/zalo/map-zalo-message.ts';
import type { PhotoSource } from '../../src/channels/zalo/photo-sources.ts';
import { GROUP_ID, USER_UID, groupMessage, userMessage } from './zalo-fixtures.ts';

/** Records what the mapper asked for instead of downloading. */
function recorder(): { make: MakeMediaRef; calls: { sources: PhotoSource[]; info: Record<string, unknown> }[] } {
  const calls: { sources: PhotoSource[]; info: Record<string, unknown> }[] = [];
  const make: MakeMediaRef = (sources, info) => {
    calls.push({ sources, info });
    const ref: MediaRef = { id: `ref-${calls.length}`, fetch: async () => new Uint8Array() };
    return ref;
  };
  return { make, calls };
}

describe('mapZaloMessage (real zca-js messages from fixtures)', () => {
  it('maps a 1:1 text, cleaned at the edge, with ids and time from Zalo', () => {
    const r = mapZaloMessage(userMessage('text'), recorder().make);
    expect(r).toEqual({
      kind: 'inbound',
      message: {
        channel: 'zalo',
        chatId: USER_UID,
        userId: USER_UID,
        messageId: '7394820215560',
        at: new Date(1767312345678),
        event: { kind: 'text', text: 'Tôi muốn đăng ký khai sinh cho con' },
      },
    });
  });

  it('maps a photo to a MediaRef with href → hd → normal → thumb', () => {
    const rec = recorder();
    const r = mapZaloMessage(userMessage('photo'), rec.make);
    expect(r.kind).toBe('inbound');
    if (r.kind !== 'inbound') return;
    expect(r.message.event).toMatchObject({ kind: 'photo', media: { id: 'ref-1' } });
    expect(rec.calls[0]?.sources.map((s) => s.variant)).toEqual(['href', 'hd', 'normal', 'thumb']);
    expect(rec.calls[0]?.sources[0]?.url).toMatch(/original\.jpg$/);
    expect(rec.calls[0]?.info).toEqual({ size: 345678 });
  });

  it('maps an image sent as a file (share.file with .JPG) to a photo with its name and size', () => {
    const rec = recorder();
    const r = mapZaloMessage(userMessage('image-file'), rec.make);
    expect(r.kind === 'inbound' && r.message.event.kind).toBe('photo');
    expect(rec.calls[0]).toEqual({
      sources: [{ variant: 'href', url: 'https://f21-zpc.zdn.vn/1234/giay-chung-sinh.jpg' }],
      info: { mime: 'image/jpeg', size: 2345678, fileName: 'giay-chung-sinh.JPG' },
    });
  });

  it('maps other files (a PDF) to unsupported "file"', () => {
    const r = mapZaloMessage(userMessage('pdf-file'), recorder().make);
    expect(r.kind === 'inbound' && r.message.event).toEqual({ kind: 'unsupported', what: 'file' });
  });

  it('maps a shared location with its label', () => {
    const r = mapZaloMessage(userMessage('location'), recorder().make);
    expect(r.kind === 'inbound' && r.message.event).toEqual({ kind: 'location', lat: 10.772075, lng: 106.69828, label: 'UBND Phường Bến Thành' });
  });

  it('reads coordinates from the description when params has none', () => {
    const r = mapZaloMessage(userMessage('location-description-only'), recorder().make);
    expect(r.kind === 'inbound' && r.message.event).toEqual({ kind: 'location', lat: 21.028511, lng: 105.804817 });
  });

  it('refuses a location out of range at the edge', () => {
    const m = userMessage('location', { content: { title: '', description: '', href: '', thumb: '', params: '{"latitude":123,"longitude":500}' } });
    expect(mapZaloMessage(m, recorder().make)).toEqual({ kind: 'edge', chatId: USER_UID, messageId: '7394820215564', code: 'LOCATION_INVALID' });
  });

  it.each([
    ['sticker', 'sticker'],
    ['voice', 'voice'],
    ['video', 'video'],
  ] as const)('maps a %s to unsupported', (fixture, what) => {
    const r = mapZaloMessage(userMessage(fixture), recorder().make);
    expect(r.kind === 'inbound' && r.message.event).toEqual({ kind: 'unsupported', what });
  });

  it('maps unknown message types to unsupported "other"', () => {
    const r = mapZaloMessage(userMessage('text', { msgType: 'chat.gif', content: { href: 'https://zalo-gif.zdn.vn/x.gif' } }), recorder().make);
    expect(r.kind === 'inbound' && r.message.event).toEqual({ kind: 'unsupported', what: 'other' });
  });

  it('ignores our own messages (isSelf)', () => {
    const m = userMessage('self');
    expect(m.isSelf).toBe(true);
    expect(mapZaloMessage(m, recorder().make)).toEqual({ kind: 'ignore', reason: 'self' });
  });

  it('does not forward group messages; the channel answers the group once', () => {
    const m = groupMessage();
    expect(mapZaloMessage(m, recorder().make)).toEqual({ kind: 'group', threadId: GROUP_ID });
  });

  it('ignores empty text and answers over-long text with an edge code', () => {
    expect(mapZaloMessage(userMessage('text', { content: ' \u200b ' }), recorder().make)).toEqual({ kind: 'ignore', reason: 'empty' });
    expect(mapZaloMessage(userMessage('text', { content: 'a'.repeat(2001) }), recorder().make)).toMatchObject({ kind: 'edge', code: 'TEXT_TOO_LONG' });
  });

  it('works on every fixture without throwing (the constructor mutation is isolated per call)', () => {
    const a = userMessage('self');
    const b = userMessage('self');
    expect(a.data.uidFrom).toBe(b.data.uidFrom);
    expect(a.data).not.toBe(b.data);
  });
});
