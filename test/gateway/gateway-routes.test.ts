/**
 * The back office's endpoints on the real app (memory store, GATEWAY_SECRET set):
 * POST /api/gateway/status — signature over the raw body, 401 when bad, stale or missing, 404
 * for an unknown code, 409 for a status the dossier cannot take, 400 for a bad body, a replay
 * ignored without a second push, a valid update pushed to the citizen's web chat.
 * GET /api/gateway/photos/:id — only with a valid, unexpired link for that photo.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import type { Dossier } from '../../src/dossiers/dossier.ts';
import { PhotoLinks } from '../../src/gateway/photo-links.ts';
import { signBody } from '../../src/gateway/gateway-signature.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FileMediaStore } from '../../src/media/file-media-store.ts';
import { sampleDossier, sleep, until } from '../outbox/outbox-support.ts';
import { postStatus, SECRET } from './gateway-support.ts';

let app: App;
let url: string;
let dataDir: string;
let d: Dossier;
let chat = 0;

async function pushes(chatId: string): Promise<string[]> {
  const r = await fetch(`${url}/api/sim/messages?chat=${chatId}&after=0`);
  return ((await r.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-gateway-routes-'));
  app = createApp({ config: { ...loadConfig({ DATA_DIR: dataDir, GATEWAY_SECRET: SECRET }), port: 0 }, logger: silentLogger() });
  url = await app.start();
});

afterAll(async () => {
  await app.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(async () => {
  chat += 1;
  d = (await app.store.dossiers.create(sampleDossier({ channel: 'web', chatId: `gw-${chat}`, locale: 'vi' }))).dossier;
});

describe('POST /api/gateway/status', () => {
  it('applies a signed status and pushes it to the citizen; a replay is ignored', async () => {
    const body = { code: d.code, status: 'received', message: 'Đã nhận hồ sơ giấy.', at: '2026-11-20T09:00:00+07:00' };
    const r = await postStatus(url, body);
    expect(r).toEqual({ status: 200, json: { ok: true, code: d.code, status: 'received', applied: true } });
    await until(async () => (await pushes(`gw-${chat}`)).length === 1, 'the push');
    const [text] = await pushes(`gw-${chat}`);
    expect(text).toContain('Trạng thái mới: đã tiếp nhận');
    expect(text).toContain('Lời nhắn của cán bộ: “Đã nhận hồ sơ giấy.”');
    expect((await app.store.dossiers.get(d.code))?.history.at(-1)).toEqual({ at: '2026-11-20T02:00:00.000Z', status: 'received', by: 'gateway', note: 'Đã nhận hồ sơ giấy.' });

    // The same update again (a retry of the back office, a replayed request): nothing new.
    const again = await postStatus(url, body);
    expect(again).toEqual({ status: 200, json: { ok: true, code: d.code, status: 'received', applied: false } });
    await sleep(150);
    expect(await pushes(`gw-${chat}`)).toHaveLength(1);
  });

  it('accepts `at` as unix seconds', async () => {
    const r = await postStatus(url, { code: d.code, status: 'received', at: 1_795_000_000 });
    expect(r.status).toBe(200);
    expect((await app.store.dossiers.get(d.code))?.history.at(-1)?.at).toBe(new Date(1_795_000_000_000).toISOString());
  });

  it('refuses a bad, stale, missing or misapplied signature with 401', async () => {
    const body = { code: d.code, status: 'received', at: new Date().toISOString() };
    const now = Math.floor(Date.now() / 1000);
    expect((await postStatus(url, body, { secret: 'another-secret-0123456789abcdef0123456789' })).status).toBe(401);
    expect((await postStatus(url, body, { timestamp: now - 301 })).status).toBe(401);
    expect((await postStatus(url, body, { timestamp: now + 301 })).status).toBe(401);
    expect((await postStatus(url, body, { signature: 'sha256=zz' })).status).toBe(401);
    // Signed, then changed on the way: the signature covers the raw bytes.
    const raw = JSON.stringify(body);
    const ts = String(now);
    const tampered = await fetch(`${url}/api/gateway/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-motcua-timestamp': ts, 'x-motcua-signature': signBody(SECRET, ts, raw) },
      body: raw.replace('received', 'rejected'),
    });
    expect(tampered.status).toBe(401);
    const unsigned = await fetch(`${url}/api/gateway/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    // Whitespace the sender's JSON library chose is part of what was signed: still fine.
    const spaced = await postStatus(url, `{ "code": "${d.code}",\n  "status": "received", "at": "${new Date().toISOString()}" }`);
    expect(spaced.status).toBe(200);
    expect((await app.store.dossiers.get(d.code))?.status).toBe('received');
  });

  it('answers 404 for an unknown code and 409 for a status the dossier cannot take now', async () => {
    const unknown = await postStatus(url, { code: 'HS-2222-3333', status: 'received', at: new Date().toISOString() });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: 'DOSSIER_NOT_FOUND' } });
    const invalid = await postStatus(url, { code: d.code, status: 'completed', at: new Date().toISOString() });
    expect(invalid.status).toBe(409);
    expect(invalid.json).toMatchObject({ error: { code: 'TRANSITION_INVALID' } });
    await sleep(100);
    expect(await pushes(`gw-${chat}`)).toHaveLength(0);
  });

  it('answers 400 for a body that is not the contract', async () => {
    const now = new Date().toISOString();
    expect((await postStatus(url, 'not json')).status).toBe(400);
    expect((await postStatus(url, { code: d.code, status: 'done', at: now })).status).toBe(400);
    expect((await postStatus(url, { code: d.code, status: 'received' })).status).toBe(400);
    expect((await postStatus(url, { code: d.code, status: 'rejected', at: now })).json).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect((await postStatus(url, { code: d.code, status: 'supplement_requested', message: 'x', steps: ['no_such_step'], at: now })).status).toBe(400);
  });

  it('opens a supplement with the procedure’s own steps', async () => {
    await postStatus(url, { code: d.code, status: 'received', at: new Date().toISOString() });
    const step = app.flows.get('khai-sinh')!.flow.steps[0]!.id;
    const r = await postStatus(url, { code: d.code, status: 'supplement_requested', message: 'Cần chụp lại.', steps: [step], at: new Date().toISOString() });
    expect(r.status).toBe(200);
    expect((await app.store.dossiers.get(d.code))?.supplement).toMatchObject({ steps: [step], message: 'Cần chụp lại.', by: 'gateway' });
  });
});

describe('GET /api/gateway/photos/:id', () => {
  it('serves a photo only with a valid link that has not expired', async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1]);
    const photo = await new FileMediaStore(dataDir).put(jpeg, 'image/jpeg');
    const links = new PhotoLinks(SECRET, () => url, 3600);
    const good = links.link(photo.id, new Date());
    const ok = await fetch(good.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/jpeg');
    expect(ok.headers.get('cache-control')).toBe('private, no-store');
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(jpeg);

    const expired = new PhotoLinks(SECRET, () => url, 60).link(photo.id, new Date(Date.now() - 61_000));
    expect((await fetch(expired.url)).status).toBe(403);
    expect((await fetch(good.url.replace(/sig=[0-9a-f]{64}/, `sig=${'f'.repeat(64)}`))).status).toBe(403);
    expect((await fetch(good.url.replace(/exp=\d+/, (m) => `exp=${Number(m.slice(4)) + 3600}`))).status).toBe(403);
    expect((await fetch(good.url.replace(photo.id, 'A'.repeat(24)))).status).toBe(403);
    expect((await fetch(`${url}/api/gateway/photos/${photo.id}`)).status).toBe(403);
    const forged = new PhotoLinks('not-the-secret-0123456789abcdef0123456789', () => url, 3600).link(photo.id, new Date());
    expect((await fetch(forged.url)).status).toBe(403);
    const gone = links.link('B'.repeat(24), new Date());
    expect((await fetch(gone.url)).status).toBe(404);
  });
});

describe('without GATEWAY_SECRET', () => {
  it('refuses every status update', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-gateway-off-'));
    const plain = createApp({ config: { ...loadConfig({ DATA_DIR: dir }), port: 0 }, logger: silentLogger() });
    const r = await plain.http.inject({ method: 'POST', url: '/api/gateway/status', payload: { code: 'HS-2222-3333', status: 'received', at: new Date().toISOString() } });
    expect(r.statusCode).toBe(401);
    await plain.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});
