import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { backoffCeiling, fullJitterDelay } from '../../src/channels/zalo/backoff.ts';
import { prepareImage } from '../../src/channels/zalo/prepare-image.ts';
import { RecentIds } from '../../src/channels/zalo/recent-ids.ts';
import { parseZaloConfig } from '../../src/channels/zalo/zalo-config.ts';

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('locales/*/zalo.yaml', () => {
  it('has the same keys in Vietnamese and English', () => {
    const vi = keys(parse(readFileSync(new URL('../../locales/vi/zalo.yaml', import.meta.url), 'utf8'))).sort();
    const en = keys(parse(readFileSync(new URL('../../locales/en/zalo.yaml', import.meta.url), 'utf8'))).sort();
    expect(vi).toEqual(en);
    expect(vi).toContain('reply_some');
  });
});

describe('prepareImage', () => {
  it('keeps JPEG/PNG/WebP bytes and reads their size as displayed (EXIF rotation applied)', async () => {
    const jpeg = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer());
    const img = await prepareImage(jpeg);
    expect(img).toMatchObject({ mime: 'image/jpeg', width: 48, height: 64 });
    expect(img.data).toBe(jpeg);
  });

  it('refuses bytes that are not an image', async () => {
    await expect(prepareImage(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'PHOTO_INVALID' });
  });
});

describe('backoff', () => {
  it('stays within [0, min(cap, base·2^n))', () => {
    const policy = { baseMs: 1000, capMs: 60_000 };
    for (let n = 0; n < 40; n++) {
      expect(fullJitterDelay(n, policy, () => 0)).toBe(0);
      expect(fullJitterDelay(n, policy, () => 0.999999)).toBeLessThan(backoffCeiling(n, policy));
    }
    expect(backoffCeiling(3, policy)).toBe(8000);
    expect(backoffCeiling(10, policy)).toBe(60_000);
  });
});

describe('RecentIds', () => {
  it('remembers recent ids within its capacity', () => {
    const r = new RecentIds(2);
    expect(r.seen('a')).toBe(false);
    expect(r.seen('a')).toBe(true);
    r.seen('b');
    r.seen('c');
    expect(r.size).toBe(2);
    expect(r.seen('a')).toBe(false); // fell out
  });
});

describe('parseZaloConfig', () => {
  it('has conservative defaults and the credentials file under DATA_DIR', () => {
    const c = parseZaloConfig({}, '/srv/motcua/data');
    expect(c).toMatchObject({
      enabled: false,
      credentialsPath: '/srv/motcua/data/zalo/credentials.json',
      send: { chatIntervalMs: 1500, perMinute: 20 },
    });
    expect(parseZaloConfig({ ZALO_ENABLED: '1', ZALO_CREDENTIALS_PATH: '/secrets/zalo.json', ZALO_SEND_PER_MINUTE: '10' }, '/d')).toMatchObject({
      enabled: true,
      credentialsPath: '/secrets/zalo.json',
      send: { perMinute: 10 },
    });
    expect(() => parseZaloConfig({ ZALO_SEND_PER_MINUTE: '0' }, '/d')).toThrow(/ZALO_SEND_PER_MINUTE/);
  });
});
