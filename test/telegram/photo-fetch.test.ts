/**
 * A photo's MediaRef downloads through getFile and /file/bot<token>/<path> only when asked,
 * and refuses files over the limit — before downloading when Telegram declared the size,
 * while streaming when it did not.
 */
import { afterEach, beforeEach, describe as suite, expect, it } from 'vitest';
import type { MediaRef } from '../../src/channels/channel.ts';
import { isMotcuaError } from '../../src/errors.ts';
import { startBot, type Bot } from './harness.ts';

let bot: Bot;
beforeEach(async () => {
  bot = await startBot({ onMessage: async () => {} });
});
afterEach(async () => {
  await bot.stop();
});

async function mediaOf(index: number): Promise<MediaRef> {
  const msgs = await bot.received(index + 1);
  const e = msgs[index]?.event;
  if (e?.kind !== 'photo') throw new Error(`expected a photo, got ${e?.kind}`);
  return e.media;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

suite('Telegram photo download', () => {
  it('downloads the largest size through getFile', async () => {
    const bytes = new Uint8Array(300_000).map((_, i) => i % 251);
    const sent = bot.fake.sendPhoto(1001, bytes);
    const media = await mediaOf(0);
    const got = await media.fetch(1_000_000);
    expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
    expect(bot.fake.callsTo('getFile')[0]?.params.file_id).toBe(sent.fileId);
    expect(bot.fake.callsTo('file')).toHaveLength(1);
  });

  it('downloads an image sent as a document', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    bot.fake.sendDocument(1001, png, { mime: 'image/png', fileName: 'giay-chung-sinh.png' });
    expect(Buffer.from(await (await mediaOf(0)).fetch(1000))).toEqual(Buffer.from(png));
  });

  it('refuses before calling getFile when the declared size is over the limit', async () => {
    bot.fake.sendPhoto(1001, new Uint8Array(5000));
    const err = await rejection((await mediaOf(0)).fetch(4000));
    expect(isMotcuaError(err, 'PHOTO_TOO_LARGE')).toBe(true);
    expect(bot.fake.callsTo('getFile')).toHaveLength(0);
  });

  it('caps any limit at the 20 MB Telegram lets bots download', async () => {
    bot.fake.sendPhoto(1001, new Uint8Array(10), { declaredSize: 25 * 1024 * 1024 });
    const err = await rejection((await mediaOf(0)).fetch(100 * 1024 * 1024));
    expect(isMotcuaError(err, 'PHOTO_TOO_LARGE')).toBe(true);
    expect((err as Error).message).toMatch(/20 MB/);
  });

  it('stops a download without a declared size as soon as it exceeds the limit', async () => {
    bot.fake.sendPhoto(1001, new Uint8Array(200_000), { declaredSize: null, chunked: true });
    const media = await mediaOf(0);
    expect(media.size).toBeUndefined();
    const err = await rejection(media.fetch(50_000));
    expect(isMotcuaError(err, 'PHOTO_TOO_LARGE')).toBe(true);
    expect(bot.fake.callsTo('getFile')).toHaveLength(1);
  });

  it('retries getFile after a 502 and still downloads', async () => {
    bot.fake.sendPhoto(1001, new Uint8Array([1, 2, 3]));
    const media = await mediaOf(0);
    bot.fake.fail({ method: 'getFile', error: { code: 502 } });
    expect(Array.from(await media.fetch(100))).toEqual([1, 2, 3]);
    expect(bot.fake.callsTo('getFile').map((c) => c.status)).toEqual([502, 200]);
  });

  it('never logs the file URL (it contains the bot token)', async () => {
    bot.fake.sendPhoto(1001, new Uint8Array([1, 2, 3]));
    await (await mediaOf(0)).fetch(100);
    expect(JSON.stringify(bot.logger.entries)).not.toContain(bot.fake.token.split(':')[1]);
  });
});
