import { describe, expect, it } from 'vitest';
import { telegramOptionsFromEnv } from './telegram-env.ts';

describe('telegramOptionsFromEnv', () => {
  it('is undefined without a token (blank counts as unset)', () => {
    expect(telegramOptionsFromEnv({})).toBeUndefined();
    expect(telegramOptionsFromEnv({ TELEGRAM_BOT_TOKEN: '  ' })).toBeUndefined();
  });

  it('reads token, API root, webhook and rates', () => {
    expect(
      telegramOptionsFromEnv({
        TELEGRAM_BOT_TOKEN: '123:abc',
        TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
        TELEGRAM_WEBHOOK_URL: 'https://motcua.example.vn/telegram/hook',
        TELEGRAM_WEBHOOK_SECRET: 's3cret',
        TELEGRAM_RATE_GLOBAL: '20',
      }),
    ).toEqual({
      token: '123:abc',
      apiRoot: 'http://127.0.0.1:8081',
      webhook: { url: 'https://motcua.example.vn/telegram/hook', secretToken: 's3cret' },
      limits: { global: { perSecond: 20, burst: 5 } },
    });
  });

  it('says what is wrong', () => {
    expect(() => telegramOptionsFromEnv({ TELEGRAM_WEBHOOK_URL: 'https://x.vn/h' })).toThrow(/TELEGRAM_BOT_TOKEN is not/);
    expect(() => telegramOptionsFromEnv({ TELEGRAM_BOT_TOKEN: '1:a', TELEGRAM_RATE_PER_CHAT: 'fast' })).toThrow(/TELEGRAM_RATE_PER_CHAT/);
  });
});
