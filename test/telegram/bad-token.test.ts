/**
 * A wrong token fails start() with a clear CONFIG_INVALID (the app keeps its other channels);
 * a malformed one fails at construction; an unreachable API fails with DELIVERY_FAILED.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe as suite, expect, it } from 'vitest';
import { TelegramChannel } from '../../src/channels/telegram/index.ts';
import { FakeTelegram } from '../support/fake-telegram/index.ts';
import { FAST_LIMITS, recordingLogger } from './harness.ts';

let fake: FakeTelegram;
beforeAll(async () => {
  fake = await FakeTelegram.start();
});
afterAll(async () => {
  await fake.close();
});

suite('Telegram configuration errors', () => {
  it('rejects start() with CONFIG_INVALID when Telegram answers 401', async () => {
    const channel = new TelegramChannel({ token: '987654321:AAWrongTokenWrongTokenWrongToken12', apiRoot: fake.apiRoot, logger: recordingLogger(), limits: FAST_LIMITS });
    await expect(channel.start(async () => {})).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: 'TELEGRAM_BOT_TOKEN was rejected by Telegram (401) — check it with BotFather',
    });
    expect(fake.callsTo('getMe').at(-1)?.status).toBe(401);
    expect(fake.callsTo('getUpdates')).toHaveLength(0);
    await channel.stop();
  });

  it('refuses a malformed token or URL at construction, naming the variable', () => {
    expect(() => new TelegramChannel({ token: 'not-a-token', logger: recordingLogger() })).toThrow(/TELEGRAM_BOT_TOKEN looks malformed/);
    expect(() => new TelegramChannel({ token: fake.token, apiRoot: 'ftp://x', logger: recordingLogger() })).toThrow(/TELEGRAM_API_ROOT/);
    expect(() => new TelegramChannel({ token: fake.token, webhook: { url: 'https://x.vn/h', secretToken: 'có dấu' }, logger: recordingLogger() })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
  });

  it('rejects start() with DELIVERY_FAILED when the Bot API cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const channel = new TelegramChannel({ token: fake.token, apiRoot: `http://127.0.0.1:${port}`, logger: recordingLogger(), limits: FAST_LIMITS });
    await expect(channel.start(async () => {})).rejects.toMatchObject({ code: 'DELIVERY_FAILED', message: expect.stringMatching(/Could not reach the Telegram Bot API/) });
  });

  it('start() may be called once', async () => {
    const channel = new TelegramChannel({ token: fake.token, apiRoot: fake.apiRoot, logger: recordingLogger(), limits: FAST_LIMITS });
    await channel.start(async () => {});
    await expect(channel.start(async () => {})).rejects.toThrow(/once/);
    await channel.stop();
  });
});
