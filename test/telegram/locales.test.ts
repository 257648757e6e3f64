/** telegram.yaml has the same keys in both languages, and every key the channel uses exists. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/i18n/locales.ts';

const USED = [
  'privateOnly', 'openPrivateChat', 'shareContact', 'shareLocation', 'chooseBelow', 'staleButton', 'expiredButton', 'inputRejected',
  'unsupported.sticker', 'unsupported.voice', 'unsupported.video', 'unsupported.file', 'unsupported.edited', 'unsupported.other',
  'commands.start', 'commands.help', 'commands.cancel', 'commands.lang',
].map((k) => `telegram.${k}`);

describe('telegram locales', () => {
  it('have the same keys in vi and en, covering every key used', () => {
    const catalog = loadCatalog();
    const keys = (lang: 'vi' | 'en'): string[] => [...catalog[lang].keys()].filter((k) => k.startsWith('telegram.')).sort();
    expect(keys('vi')).toEqual(keys('en'));
    expect(keys('vi')).toEqual([...USED].sort());
  });

  it('fit Telegram limits: command descriptions ≤ 256, callback answers ≤ 200 characters', () => {
    const catalog = loadCatalog();
    for (const lang of ['vi', 'en'] as const) {
      for (const k of ['staleButton', 'expiredButton']) expect((catalog[lang].get(`telegram.${k}`) ?? '').length).toBeLessThanOrEqual(200);
      for (const c of ['start', 'help', 'cancel', 'lang']) expect((catalog[lang].get(`telegram.commands.${c}`) ?? '').length).toBeLessThanOrEqual(256);
    }
  });
});
