/**
 * The web chat JSON API at its edge: the contract's shapes, and bad input answered with 400,
 * a stable code and a friendly message — while the conversation keeps every earlier answer.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';

const app = createApp({ config: loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'motcua-http-')), PORT: '0' }), logger: silentLogger(), flowsDir: FIXTURE_FLOWS });
afterAll(() => app.stop());

async function post(payload: unknown) {
  const r = await app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: payload as object });
  return { status: r.statusCode, body: r.json() as { replies?: { text: string; choices?: { value: string }[] }[]; error?: { code: string; message: string } } };
}

describe('POST /api/sim/messages', () => {
  it('answers with the replies to that message', async () => {
    const r = await post({ chat: 'h1', text: 'thu tuc thu nghiem' });
    expect(r.status).toBe(200);
    expect(r.body.replies?.at(-1)?.choices?.map((c) => c.value)).toEqual(['consent:yes', 'consent:no']);
    const tap = await post({ chat: 'h1', choice: 'consent:yes' });
    expect(tap.body.replies?.at(-1)?.text).toMatch(/chính mình hay giúp người khác/);
  });

  it.each([
    [{ text: 'x' }, 'BAD_REQUEST'],
    [{ chat: 'bad chat id!', text: 'x' }, 'BAD_REQUEST'],
    [{ chat: 'h1' }, 'BAD_REQUEST'],
    [{ chat: 'h1', text: 'a', choice: 'b' }, 'BAD_REQUEST'],
    [{ chat: 'h1', text: '   ' }, 'TEXT_EMPTY'],
    [{ chat: 'h1', text: '\u0000\u0007' }, 'TEXT_EMPTY'],
    [{ chat: 'h1', text: 'a'.repeat(100_000) }, 'TEXT_TOO_LONG'],
    [{ chat: 'h1', choice: 'no spaces allowed' }, 'CHOICE_INVALID'],
    [{ chat: 'h1', location: { lat: 'north', lng: 1 } }, 'LOCATION_INVALID'],
    [{ chat: 'h1', location: { lat: 91, lng: 1 } }, 'LOCATION_INVALID'],
    [{ chat: 'h1', photo: 'not base64 at all!' }, 'PHOTO_INVALID'],
  ])('rejects %j with 400 %s and a friendly message', async (payload, code) => {
    const r = await post(payload);
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe(code);
    expect(r.body.error?.message.length).toBeGreaterThan(5);
  });

  it('rejects malformed JSON and oversized bodies with 400', async () => {
    const bad = await app.http.inject({ method: 'POST', url: '/api/sim/messages', headers: { 'content-type': 'application/json' }, payload: '{"chat":' });
    expect(bad.statusCode).toBe(400);
    const huge = await app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: 'h1', photo: 'A'.repeat(20 * 1024 * 1024) } });
    expect(huge.statusCode).toBe(400);
    expect((huge.json() as { error: { code: string } }).error.code).toBe('PHOTO_TOO_LARGE');
  });

  it('keeps the conversation intact after bad input', async () => {
    await post({ chat: 'h1', text: 'a'.repeat(5000) });
    const r = await post({ chat: 'h1', text: 'nhắc lại' });
    expect(r.body.replies?.at(-1)?.text).toMatch(/chính mình hay giúp người khác/);
  });

  it('replies in chat to a PDF sent as a photo, keeping the step', async () => {
    await post({ chat: 'h2', text: 'thu tuc thu nghiem' });
    await post({ chat: 'h2', choice: 'consent:yes' });
    for (const a of ['1', 'Lê Văn Tám', 'nam', '1/1/1980', '079080001234', '0912345678', 'bo qua', 'co']) await post({ chat: 'h2', text: a });
    const pdf = Buffer.from('%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');
    const r = await post({ chat: 'h2', photo: pdf });
    expect(r.status).toBe(200);
    expect(r.body.replies?.map((x) => x.text).join('\n')).toMatch(/PDF/);
    expect(r.body.replies?.at(-1)?.text).toMatch(/ảnh giấy tờ/);
  });

  it('processes a retried POST with the same id once', async () => {
    const first = await post({ chat: 'h3', id: 'same-id', text: 'thu tuc thu nghiem' });
    const again = await post({ chat: 'h3', id: 'same-id', text: 'thu tuc thu nghiem' });
    expect(first.body.replies?.length).toBeGreaterThan(0);
    expect(again.body.replies).toEqual([]);
  });
});

describe('news from the ward in the web chat', () => {
  it('subscribes with taps after consent, and "hủy nhận tin" stops it at once', async () => {
    let r = await post({ chat: 'sub1', text: 'đăng ký nhận tin' });
    const consent = r.body.replies?.at(-1)?.choices?.[0]?.value;
    expect(consent).toBeDefined();
    expect(await app.store.subscriptions.get('web:sub1')).toBeNull();
    r = await post({ chat: 'sub1', choice: consent });
    expect(r.body.replies?.at(-1)?.text).toMatch(/phường, xã nào/);
    r = await post({ chat: 'sub1', text: 'phuong ben thanh' });
    expect(r.body.replies?.at(-1)?.choices?.map((c) => c.value)).toContain('a:@sub-topics:urban_order');
    r = await post({ chat: 'sub1', choice: 'a:@sub-topics:urban_order' });
    expect(r.status).toBe(200);
    // A tap ticks the topic; "Xong" saves the ticked ones.
    expect(r.body.replies?.at(-1)?.text).toMatch(/Đã chọn: Trật tự đô thị, môi trường/);
    expect(await app.store.subscriptions.get('web:sub1')).toBeNull();
    r = await post({ chat: 'sub1', choice: 'cmd:done' });
    expect(r.body.replies?.at(-1)?.text).toMatch(/Đã đăng ký nhận tin của Phường Bến Thành về: Trật tự đô thị, môi trường/);
    expect(await app.store.subscriptions.get('web:sub1')).toMatchObject({ channel: 'web', topics: ['urban_order'] });
    r = await post({ chat: 'sub1', text: 'huy nhan tin' });
    expect(r.body.replies?.at(-1)?.text).toMatch(/Đã hủy nhận tin/);
    expect(await app.store.subscriptions.get('web:sub1')).toBeNull();
  });
});

describe('GET /api/sim/messages', () => {
  it('returns everything sent after a sequence number, pushes included', async () => {
    await app.web.send('h1', [{ text: 'Hồ sơ HS-7K2M-9QXD đã được tiếp nhận.' }]);
    const r = await app.http.inject({ method: 'GET', url: '/api/sim/messages?chat=h1&after=0' });
    const msgs = (r.json() as { messages: { seq: number; text: string }[] }).messages;
    expect(msgs.map((m) => m.seq)).toEqual(msgs.map((_, i) => i + 1));
    expect(msgs.at(-1)?.text).toMatch(/đã được tiếp nhận/);
    const later = await app.http.inject({ method: 'GET', url: `/api/sim/messages?chat=h1&after=${msgs.at(-1)!.seq}` });
    expect((later.json() as { messages: unknown[] }).messages).toEqual([]);
  });

  it('rejects a bad query with 400', async () => {
    const r = await app.http.inject({ method: 'GET', url: '/api/sim/messages?chat=../etc&after=-1' });
    expect(r.statusCode).toBe(400);
  });
});

describe('GET /healthz', () => {
  it('answers 200 when the store answers', async () => {
    const r = await app.http.inject({ method: 'GET', url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true, store: 'memory' });
  });
});
