/**
 * The fake Bot API server behaves like Telegram where tests rely on it: getUpdates offset
 * and long-poll semantics, conflicts, token check, realistic results and errors, uploads,
 * file downloads, flood limits, webhook delivery.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegram, parseTelegramHtml } from '../support/fake-telegram/index.ts';

let fake: FakeTelegram;
beforeEach(async () => {
  fake = await FakeTelegram.start();
});
afterEach(async () => {
  await fake.close();
});

interface Answer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

async function api(method: string, params: Record<string, unknown> = {}, token = fake.token): Promise<{ status: number; body: Answer }> {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) });
  return { status: res.status, body: (await res.json()) as Answer };
}

const ids = (r: { body: Answer }): number[] => (r.body.result as { update_id: number }[]).map((u) => u.update_id);

describe('FakeTelegram', () => {
  it('answers getMe, and 401 for a wrong token', async () => {
    expect((await api('getMe')).body.result).toMatchObject({ is_bot: true, username: 'motcua_test_bot' });
    expect(await api('getMe', {}, '1:wrong')).toMatchObject({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
  });

  it('keeps updates until an offset above them confirms them', async () => {
    const a = fake.sendText(1, 'a');
    const b = fake.sendText(2, 'b');
    expect(ids(await api('getUpdates'))).toEqual([a.updateId, b.updateId]);
    expect(ids(await api('getUpdates', { offset: a.updateId + 1 }))).toEqual([b.updateId]);
    expect(ids(await api('getUpdates', { offset: b.updateId + 1 }))).toEqual([]);
    expect(ids(await api('getUpdates', { offset: 0 }))).toEqual([]);
  });

  it('holds a long poll until an update arrives, batching updates injected together', async () => {
    const t0 = Date.now();
    const poll = api('getUpdates', { timeout: 10 });
    await fake.waitForPoll();
    setTimeout(() => {
      fake.sendText(1, 'x');
      fake.sendText(1, 'y');
    }, 50);
    const r = await poll;
    expect(ids(r)).toHaveLength(2);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('ends an empty long poll after its timeout, and answers an older poll 409 when a new one comes', async () => {
    const t0 = Date.now();
    expect(ids(await api('getUpdates', { timeout: 1 }))).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const first = api('getUpdates', { timeout: 5 });
    await fake.waitForPoll();
    const second = api('getUpdates', { timeout: 0 });
    expect((await first).status).toBe(409);
    expect((await second).status).toBe(200);
  });

  it('validates messages like Telegram: HTML, length, callback_data', async () => {
    expect((await api('sendMessage', { chat_id: 1, text: '<b>bold</b> &amp; ok', parse_mode: 'HTML' })).body.result).toMatchObject({ message_id: 1, text: 'bold & ok', chat: { id: 1, type: 'private' } });
    expect((await api('sendMessage', { chat_id: 1, text: 'a <x> b', parse_mode: 'HTML' })).body.description).toMatch(/can't parse entities/);
    expect((await api('sendMessage', { chat_id: 1, text: 'x'.repeat(4097) })).body.description).toBe('Bad Request: message is too long');
    expect((await api('sendMessage', { chat_id: 1, text: '' })).body.description).toBe('Bad Request: message text is empty');
    const tooLong = { inline_keyboard: [[{ text: 'x', callback_data: 'd'.repeat(65) }]] };
    expect((await api('sendMessage', { chat_id: 1, text: 'q', reply_markup: tooLong })).body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    // Message ids are per chat and shared with the user's messages.
    fake.sendText(1, 'hi');
    expect((await api('sendMessage', { chat_id: 1, text: 'again' })).body.result).toMatchObject({ message_id: 3 });
  });

  it('edits keyboards and refuses a no-op edit', async () => {
    const kb = { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] };
    await api('sendMessage', { chat_id: 1, text: 'q', reply_markup: kb });
    expect((await api('editMessageReplyMarkup', { chat_id: 1, message_id: 1, reply_markup: kb })).body.description).toMatch(/not modified/);
    expect((await api('editMessageReplyMarkup', { chat_id: 1, message_id: 1 })).status).toBe(200);
    expect(fake.messages(1)[0]?.replyMarkup).toBeUndefined();
    expect((await api('editMessageReplyMarkup', { chat_id: 1, message_id: 99 })).body.description).toMatch(/not found/);
  });

  it('accepts one answer per callback query', async () => {
    const tap = fake.tapButton(1, 1, 'a');
    expect((await api('answerCallbackQuery', { callback_query_id: tap.queryId })).status).toBe(200);
    expect((await api('answerCallbackQuery', { callback_query_id: tap.queryId })).status).toBe(400);
  });

  it('takes multipart uploads and serves registered files under /file/bot<token>/', async () => {
    const form = new FormData();
    form.set('chat_id', '7');
    form.set('caption', 'QR');
    form.set('photo', new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }), 'qr.png');
    const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendPhoto`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect(Array.from(fake.messages(7)[0]?.photo?.bytes ?? [])).toEqual([1, 2, 3]);
    const f = fake.registerFile(new Uint8Array([9, 8]), { mime: 'image/jpeg' });
    const info = (await api('getFile', { file_id: f.fileId })).body.result as { file_path: string; file_size: number };
    expect(info.file_size).toBe(2);
    const dl = await fetch(`${fake.apiRoot}/file/bot${fake.token}/${info.file_path}`);
    expect(Array.from(new Uint8Array(await dl.arrayBuffer()))).toEqual([9, 8]);
    expect((await fetch(`${fake.apiRoot}/file/bot1:wrong/${info.file_path}`)).status).toBe(404);
  });

  it('injects failures per method and chat, and blocks', async () => {
    fake.fail({ method: 'sendMessage', chatId: 2, error: { code: 429, retryAfter: 3 } });
    expect((await api('sendMessage', { chat_id: 1, text: 'x' })).status).toBe(200);
    expect((await api('sendMessage', { chat_id: 2, text: 'x' })).body).toMatchObject({ error_code: 429, parameters: { retry_after: 3 } });
    expect((await api('sendMessage', { chat_id: 2, text: 'x' })).status).toBe(200);
    fake.block(3);
    expect((await api('sendMessage', { chat_id: 3, text: 'x' })).body.description).toBe('Forbidden: bot was blocked by the user');
    fake.fail({ method: 'getMe', error: 'reset' });
    await expect(api('getMe')).rejects.toThrow();
  });

  it('enforces a per-chat flood limit with retry_after', async () => {
    fake.limitRate({ perChatPerSecond: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await api('sendMessage', { chat_id: 1, text: String(i) })).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect((await api('sendMessage', { chat_id: 2, text: 'other chat' })).status).toBe(200);
  });

  it('refuses getUpdates while a webhook is set, and delivers to it with the secret header', async () => {
    const got: { secret: string | null; body: unknown }[] = [];
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      let data = '';
      req.on('data', (c: Buffer) => (data += c.toString()));
      req.on('end', () => {
        got.push({ secret: String(req.headers['x-telegram-bot-api-secret-token'] ?? null), body: JSON.parse(data) });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await api('setWebhook', { url: `http://127.0.0.1:${port}/hook`, secret_token: 'abc' });
    expect((await api('getUpdates')).status).toBe(409);
    const sent = fake.sendText(1, 'via webhook');
    await fake.waitForIdle();
    expect(got).toEqual([{ secret: 'abc', body: sent.update }]);
    expect(((await api('getWebhookInfo')).body.result as { url: string }).url).toMatch(/\/hook$/);
    await new Promise<void>((r) => server.close(() => r()));
  });
});

describe('parseTelegramHtml', () => {
  it('decodes entities and rejects unknown or unbalanced tags', () => {
    expect(parseTelegramHtml('a &lt;b&gt; &amp; &#39;c&#x27;')).toEqual({ ok: true, text: "a <b> & 'c'" });
    expect(parseTelegramHtml('<b>x</i>').ok).toBe(false);
    expect(parseTelegramHtml('<b>x').ok).toBe(false);
    expect(parseTelegramHtml('<script>').ok).toBe(false);
  });
});
