/**
 * Webhook mode: setWebhook with secret_token at start, the secret-token header checked on
 * every request, updates delivered by the fake server through a real HTTP hop.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe as suite, expect, it } from 'vitest';
import type { TelegramWebhook } from '../../src/channels/telegram/index.ts';
import { postUpdate, SECRET_HEADER } from '../support/fake-telegram/index.ts';
import { startBot, type Bot } from './harness.ts';

const SECRET = 'wh_secret-123';

let bot: Bot | undefined;
let server: Server | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
  if (server) await new Promise<void>((r) => server?.close(() => r()));
  server = undefined;
});

/**
 * A bare node:http server that passes POSTs to whatever webhook handler is bound later, as
 * the app mounts `channel.webhook` on fastify. Returns its base URL.
 */
async function webhookServer(): Promise<{ base: string; bind(hook: TelegramWebhook | undefined): void }> {
  let hook: TelegramWebhook | undefined;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!hook || req.method !== 'POST' || req.url !== hook.path) return void res.writeHead(404).end();
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return void res.writeHead(400).end();
      }
      void hook.handle(req.headers, body).then((status) => res.writeHead(status).end());
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bind: (h) => (hook = h) };
}

suite('Telegram webhook mode', () => {
  it('calls setWebhook with secret_token at start and does not poll', async () => {
    bot = await startBot({ channel: { webhook: { url: 'https://motcua.example.vn/telegram/hook', secretToken: SECRET } } });
    expect(bot.channel.webhook?.path).toBe('/telegram/hook');
    const [call] = bot.fake.callsTo('setWebhook');
    expect(call?.params).toMatchObject({ url: 'https://motcua.example.vn/telegram/hook', secret_token: SECRET, allowed_updates: ['message', 'edited_message', 'callback_query'] });
    expect(bot.fake.webhook).toMatchObject({ url: 'https://motcua.example.vn/telegram/hook', secretToken: SECRET });
    expect(bot.fake.callsTo('getUpdates')).toHaveLength(0);
  });

  it('accepts an update with the right secret and rejects a missing (401) or wrong (403) one', async () => {
    bot = await startBot({ channel: { webhook: { url: 'https://motcua.example.vn/telegram/hook', secretToken: SECRET } } });
    const hook = bot.channel.webhook;
    if (!hook) throw new Error('no webhook');
    const update = bot.fake.state.factory.message(1001, { text: 'khai sinh' });
    expect(await hook.handle({}, update)).toBe(401);
    expect(await hook.handle({ [SECRET_HEADER.toLowerCase()]: 'wrong' }, update)).toBe(403);
    expect(await hook.handle({ [SECRET_HEADER.toLowerCase()]: `${SECRET}x` }, update)).toBe(403);
    expect(bot.inbox).toHaveLength(0);
    expect(await hook.handle({ [SECRET_HEADER.toLowerCase()]: SECRET }, update)).toBe(200);
    expect(bot.inbox.map((m) => m.event)).toEqual([{ kind: 'text', text: 'khai sinh' }]);
    // Header names in any case, values as arrays; a redelivery is answered 200 but not handled again.
    expect(await hook.handle({ [SECRET_HEADER]: [SECRET] }, update)).toBe(200);
    expect(bot.inbox).toHaveLength(1);
    expect(await hook.handle({ [SECRET_HEADER]: SECRET }, { hello: 'world' })).toBe(400);
  });

  it('answers 503 before start so Telegram retries later', async () => {
    bot = await startBot({ start: false, channel: { webhook: { url: 'https://motcua.example.vn/hook', secretToken: SECRET } } });
    expect(await bot.channel.webhook?.handle({ [SECRET_HEADER]: SECRET }, { update_id: 1 })).toBe(503);
  });

  it('delivers through a real HTTP hop: the fake posts, the channel replies through the API', async () => {
    const http = await webhookServer();
    const url = `${http.base}/telegram/hook`;
    bot = await startBot({ start: false, channel: { webhook: { url, secretToken: SECRET } } });
    http.bind(bot.channel.webhook);
    await bot.channel.start(async (m) => {
      bot?.inbox.push(m);
      await bot?.channel.send(m.chatId, [{ text: 'Chào bạn', choices: [{ label: 'Khai sinh', value: 'proc:khai-sinh' }] }]);
    });
    expect(bot.fake.webhook?.url).toBe(url);
    const chat = bot.fake.chat(1001);
    chat.start('khai-sinh');
    const [hello] = await chat.replies();
    expect(hello?.text).toBe('Chào bạn');
    chat.tap('Khai sinh');
    await chat.replies();
    await bot.fake.waitForIdle();
    expect(bot.inbox.map((m) => m.event)).toEqual([{ kind: 'start', payload: 'khai-sinh' }, { kind: 'choice', value: 'proc:khai-sinh' }]);
    expect(bot.fake.webhookDeliveries.map((d) => d.status)).toEqual([200, 200]);
    // Someone without the secret gets nowhere.
    const forged = bot.fake.state.factory.message(1001, { text: 'giả mạo' });
    expect(await postUpdate(url, forged, 'guess')).toBe(403);
    expect(await postUpdate(url, forged)).toBe(401);
    expect(bot.inbox).toHaveLength(2);
  });

  it('reports a webhook URL Telegram refuses as CONFIG_INVALID', async () => {
    bot = await startBot({ start: false, channel: { webhook: { url: 'https://motcua.example.vn/hook', secretToken: SECRET } } });
    bot.fake.fail({ method: 'setWebhook', error: { code: 400, description: 'Bad Request: bad webhook: Failed to resolve host' } });
    await expect(bot.channel.start(async () => {})).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringMatching(/TELEGRAM_WEBHOOK_URL.*Failed to resolve host/) });
  });
});
