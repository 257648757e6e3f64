/**
 * The composer's pure parts: form parsing and validation, the schedule in Vietnam time, the
 * uploaded image (checked by content, metadata stripped), the channel previews, the ward list,
 * the CSV report and the one-time codes that link an official's chat.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { BroadcastReportRow } from '../../src/broadcast/broadcast-service.ts';
import { storeBroadcastImage } from '../../src/console/broadcasts/broadcast-image.ts';
import { telegramPreview, zaloPreview } from '../../src/console/broadcasts/channel-previews.ts';
import { parseComposeForm } from '../../src/console/broadcasts/compose-form.ts';
import { linkify } from '../../src/console/broadcasts/preview-bubbles.ts';
import { csvField, reportCsv, reportFileName } from '../../src/console/broadcasts/report-csv.ts';
import { parseSchedule, scheduleFields } from '../../src/console/broadcasts/schedule-input.ts';
import { wardChoices } from '../../src/console/broadcasts/ward-choices.ts';
import { matchLinkCode } from '../../src/engine/link-official.ts';
import { DEFAULT_PHOTO_LIMITS } from '../../src/fields/field-type.ts';
import { translator } from '../../src/i18n/locales.ts';
import type { MediaStore } from '../../src/media/media-store.ts';
import { OfficialSchema } from '../../src/officials/official.ts';
import { addressIndex } from '../../src/address/index.ts';
import { hashPassword } from '../../src/officials/password-hash.ts';
import { TEST_SCRYPT } from './console-support.ts';

const wardExists = (code: string): boolean => ['26734', '26740'].includes(code);

describe('compose form', () => {
  it('makes a draft from a valid form: texts cleaned, audience lists deduplicated', () => {
    const r = parseComposeForm(
      { text_vi: '  Cảnh báo ngập\r\nTối nay  ', text_en: 'Flood warning', link: ' https://tphcm.gov.vn/a?b=1 ', wards: ['26734', '26734'], topics: ['emergency'], locales: [], channels: ['zalo', 'web'] },
      { wardExists },
    );
    expect(r.problems).toEqual([]);
    expect(r.draft).toEqual({
      text: { vi: 'Cảnh báo ngập\nTối nay', en: 'Flood warning' },
      link: 'https://tphcm.gov.vn/a?b=1',
      segment: { wardCodes: ['26734'], topics: ['emergency'], channels: ['zalo', 'web'] },
    });
  });

  it('names each problem by field and keeps what was typed', () => {
    const r = parseComposeForm({ text_vi: ' \r\n ', text_en: 'Hello', link: 'http://example.com', wards: ['99999'], topics: ['emergency', 'weather'], channels: 'fax' }, { wardExists });
    expect(r.draft).toBeUndefined();
    expect(r.problems.map((p) => `${p.field}:${p.key}`)).toEqual([
      'text_vi:broadcasts.errors.text_vi_missing',
      'link:broadcasts.errors.link_invalid',
      'wards:broadcasts.errors.ward_unknown',
      'topics:broadcasts.errors.choice_invalid',
      'channels:broadcasts.errors.choice_invalid',
    ]);
    expect(r.values).toMatchObject({ textEn: 'Hello', link: 'http://example.com', wards: ['99999'], topics: ['emergency'] });
  });

  it('accepts only full https links without credentials', () => {
    const bad = ['javascript:alert(1)', 'https://user:pw@example.com', 'https://localhost/x', 'tphcm.gov.vn', `https://a.vn/${'x'.repeat(500)}`];
    for (const link of bad) expect(parseComposeForm({ text_vi: 'x', link }, { wardExists }).problems.map((p) => p.field), link).toEqual(['link']);
    expect(parseComposeForm({ text_vi: 'x', link: 'https://dichvucong.gov.vn/p/home' }, { wardExists }).problems).toEqual([]);
  });

  it('refuses a text longer than the service takes, saying how long it is', () => {
    const r = parseComposeForm({ text_vi: 'a'.repeat(3501) }, { wardExists });
    expect(r.problems).toEqual([{ field: 'text_vi', key: 'broadcasts.errors.text_too_long', params: { count: 3501, max: 3500 } }]);
  });
});

describe('schedule in Vietnam time', () => {
  const now = new Date('2026-11-28T03:00:00Z'); // 10:00 in Vietnam

  it('reads a Vietnam date and time whatever the server time zone', () => {
    expect(parseSchedule('2026-11-29', '07:30', now)).toEqual({ ok: true, at: '2026-11-29T00:30:00.000Z' });
    expect(scheduleFields('2026-11-29T00:30:00.000Z')).toEqual({ date: '2026-11-29', time: '07:30' });
  });

  it('refuses the past, the next minute, days that do not exist and the far future', () => {
    const key = (d: string, t: string): string => {
      const r = parseSchedule(d, t, now);
      return r.ok ? 'ok' : r.problem.key.replace('broadcasts.errors.', '');
    };
    expect(key('2026-11-28', '09:59')).toBe('schedule_past');
    expect(key('2026-11-28', '10:01')).toBe('schedule_past');
    expect(key('2026-11-28', '10:05')).toBe('ok');
    expect(key('2026-02-30', '08:00')).toBe('schedule_invalid');
    expect(key('2026-11-29', '25:00')).toBe('schedule_invalid');
    expect(key('', '08:00')).toBe('schedule_missing');
    expect(key('2027-03-01', '08:00')).toBe('schedule_too_far');
  });
});

class MemoryMedia implements MediaStore {
  readonly files = new Map<string, { data: Uint8Array; mime: string }>();
  async put(data: Uint8Array, mime: string) {
    const id = `m${this.files.size + 1}`;
    this.files.set(id, { data, mime });
    return { id, mime, bytes: data.length };
  }
  async get(id: string) {
    return this.files.get(id) ?? null;
  }
  async delete(id: string) {
    this.files.delete(id);
  }
}

describe('broadcast image', () => {
  it('re-encodes a PNG as JPEG without its metadata', async () => {
    const png = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#0b4f8a' } }).withMetadata({ exif: { IFD0: { Artist: 'Camera Owner' } } }).png().toBuffer();
    const media = new MemoryMedia();
    const r = await storeBroadcastImage(png, DEFAULT_PHOTO_LIMITS, media);
    expect(r.ok).toBe(true);
    const stored = media.files.get(r.ok ? r.imageId : '')!;
    expect(stored.mime).toBe('image/jpeg');
    const meta = await sharp(stored.data).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
  });

  it('tells a PDF, a text file and a too-large file apart, storing nothing', async () => {
    const media = new MemoryMedia();
    const key = async (data: Buffer, limits = DEFAULT_PHOTO_LIMITS): Promise<string> => {
      const r = await storeBroadcastImage(data, limits, media);
      return r.ok ? 'ok' : r.problem.key;
    };
    expect(await key(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('broadcasts.image.pdf');
    expect(await key(Buffer.from('Xin chào, đây không phải ảnh'))).toBe('broadcasts.image.notImage');
    expect(await key(Buffer.alloc(2048, 1), { ...DEFAULT_PHOTO_LIMITS, maxBytes: 1024 })).toBe('broadcasts.image.tooLarge');
    expect(media.files.size).toBe(0);
  });
});

describe('channel previews', () => {
  const t = translator();

  it('shows Zalo as plain text split at 2000 and Telegram as escaped HTML split at 4096', () => {
    const text = `${'Thông báo <quan trọng> & khẩn. '.repeat(140)}\n\nhttps://tphcm.gov.vn`;
    const zalo = zaloPreview([{ text }], 'vi', t);
    expect(zalo.length).toBe(3);
    expect(zalo.every((b) => b.text.length <= 2000 && !b.image)).toBe(true);
    expect(zalo[0]!.text).toContain('<quan trọng> & khẩn');
    const tg = telegramPreview([{ text }]);
    expect(tg).toHaveLength(2);
    expect(tg[0]!.html).toContain('&lt;quan trọng&gt; &amp; khẩn');
    expect(tg[1]!.text.endsWith('https://tphcm.gov.vn')).toBe(true);
  });

  it('puts the image first: a short text is its caption on both', () => {
    const image = { data: new Uint8Array([1]), mime: 'image/jpeg' };
    expect(zaloPreview([{ text: 'Ngắn', image }], 'vi', t)).toEqual([{ text: 'Ngắn', image: true }]);
    expect(telegramPreview([{ text: 'Ngắn', image }])).toEqual([{ text: 'Ngắn', image: true, html: 'Ngắn' }]);
    const long = 'x '.repeat(800);
    expect(telegramPreview([{ text: long, image }]).map((b) => b.image)).toEqual([true, false]);
  });

  it('links https addresses and escapes everything else', () => {
    expect(linkify('Xem <b>tại</b> https://a.vn/x?y=1&z=2.').value).toBe(
      'Xem &lt;b&gt;tại&lt;/b&gt; <a href="https://a.vn/x?y=1&amp;z=2" rel="noopener noreferrer" target="_blank">https://a.vn/x?y=1&amp;z=2</a>.',
    );
    expect(linkify('javascript:alert(1) http://a.vn').value).not.toContain('<a');
  });
});

describe('ward choices', () => {
  const idx = addressIndex();
  const hcm = idx.byProvince.get('79')!;
  const code = (name: string): string => hcm.wards.find((w) => w.name === name)!.code;

  it('lists wards with subscribers, ticked ones first; a filter finds any ward of the city without diacritics', () => {
    const counts = new Map([[code('Phường Sài Gòn'), 4], [code('Phường Bến Thành'), 2]]);
    const base = { provinceWards: hcm.wards, wardByCode: (c: string) => idx.byWard.get(c), counts };
    const plain = wardChoices({ ...base, selected: [code('Phường Bến Thành')], filter: '' });
    expect(plain.choices.map((c) => `${c.name}:${c.subscribers}:${c.checked}`)).toEqual(['Phường Bến Thành:2:true', 'Phường Sài Gòn:4:false']);
    const found = wardChoices({ ...base, selected: [], filter: 'p tan dinh' });
    expect(found.choices.map((c) => c.name)).toEqual(['Phường Tân Định']);
    expect(wardChoices({ ...base, selected: [], filter: 'phường' }).more).toBeGreaterThan(0);
  });
});

describe('CSV report', () => {
  it('quotes as RFC 4180 says and defuses formulas, but keeps negative chat ids as numbers', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1001234567')).toBe('-1001234567');
    expect(csvField('+84 912')).toBe("'+84 912");
  });

  it('starts with a BOM and a header in the official’s language, one CRLF line per recipient', async () => {
    async function* rows(): AsyncIterable<BroadcastReportRow> {
      yield { channel: 'telegram', chatId: '-100200', locale: 'vi', status: 'sent', attempts: 1, updatedAt: '2026-11-28T03:04:05Z' };
      yield { channel: 'zalo', chatId: 'z1', locale: 'en', status: 'failed', attempts: 3, updatedAt: '2026-11-28T03:05:00Z', error: 'DELIVERY_FAILED: 502, "bad gateway"' };
    }
    let out = '';
    for await (const chunk of reportCsv(rows(), { header: ['Kênh', 'Mã chat'], status: (s) => `st-${s}`, locale: (l) => l })) out += chunk;
    expect(out).toBe('\uFEFFKênh,Mã chat\r\nTelegram,-100200,vi,st-sent,1,28/11/2026 10:04,\r\nZalo,z1,en,st-failed,3,28/11/2026 10:05,"DELIVERY_FAILED: 502, ""bad gateway"""\r\n');
    expect(reportFileName('ab/../"c')).toBe('broadcast-ab_____c.csv');
  });
});

describe('linking an official’s chat', () => {
  it('recognises the command with or without diacritics, and the Telegram deep link', () => {
    expect(matchLinkCode({ kind: 'text', text: 'Liên kết 123456' })).toBe('123456');
    expect(matchLinkCode({ kind: 'text', text: 'lien ket 012345' })).toBe('012345');
    expect(matchLinkCode({ kind: 'text', text: 'LINK 999999' })).toBe('999999');
    expect(matchLinkCode({ kind: 'start', payload: 'ob_654321' })).toBe('654321');
    expect(matchLinkCode({ kind: 'text', text: 'liên kết 12345' })).toBeNull();
    expect(matchLinkCode({ kind: 'text', text: 'tôi muốn liên kết 123456 được không' })).toBeNull();
    expect(matchLinkCode({ kind: 'start', payload: 'khai-sinh' })).toBeNull();
  });

  it('reads officials files written before chats were linked, and survives a damaged chat', async () => {
    const base = { username: 'bao', roles: ['broadcast'], createdAt: '2026-01-01T00:00:00Z', password: await hashPassword('một mật khẩu dài', TEST_SCRYPT) };
    expect(OfficialSchema.parse(base).chat).toBeUndefined();
    // A damaged chat unlinks it; the official (and everyone else in the file) can still log in.
    expect(OfficialSchema.parse({ ...base, chat: { channel: 'fax', chatId: '' } })).toEqual(base);
    const chat = { channel: 'zalo', chatId: 'z9', locale: 'vi', linkedAt: '2026-11-28T03:00:00Z' };
    expect(OfficialSchema.parse({ ...base, chat }).chat).toEqual(chat);
  });
});
