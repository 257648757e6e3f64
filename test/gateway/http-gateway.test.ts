/**
 * The HTTP gateway both ways, on the real app: a dossier submitted in the web chat is POSTed to
 * the back office — which is down at first, then answers 503, then accepts — signed, with
 * `Idempotency-Key: <code>`, its photos as working signed links and no chat identities; the
 * back office's status comes back signed and reaches the citizen's chat once. A citizen's
 * supplement is POSTed too. After a restart, a dossier accepted once is not POSTed again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { HttpGateway } from '../../src/gateway/http-gateway.ts';
import { PhotoLinks } from '../../src/gateway/photo-links.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { memoryDeliveryBackend } from '../../src/outbox/delivery-backend.ts';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { submitMiniDossier } from '../console/console-support.ts';
import { sampleDossier, sleep, until } from '../outbox/outbox-support.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { freePort } from '../support/redis.ts';
import { documentJpegBase64 } from '../support/web-api-client.ts';
import { postStatus, Receiver, SECRET } from './gateway-support.ts';

const FAST = { baseDelayMs: 100, maxDelayMs: 300 };

let app: App;
let url: string;
let dataDir: string;
let office: Receiver;
let code: string;

async function pushes(chat: string): Promise<string[]> {
  const r = await fetch(`${url}/api/sim/messages?chat=${chat}&after=0`);
  return ((await r.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'motcua-http-gateway-'));
  office = new Receiver(await freePort());
  const config = { ...loadConfig({ DATA_DIR: dataDir, GATEWAY_URL: office.url, GATEWAY_SECRET: SECRET }), port: 0 };
  app = createApp({ config, logger: silentLogger(), flowsDir: FIXTURE_FLOWS, delivery: { gateway: { retry: FAST } } });
  url = await app.start();
});

afterAll(async () => {
  await app.stop();
  await office.down();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('outbound: new dossiers to the back office', () => {
  it('is retried while the back office is down or failing, until it accepts — once', async () => {
    expect(app.gateway.kind).toBe('http');
    code = await submitMiniDossier(app.http, 'gw-citizen', await documentJpegBase64());
    await sleep(600);
    expect(office.received).toHaveLength(0);

    office.answer = 503;
    await office.up();
    await until(() => office.received.length >= 1, 'a POST once the office is up', 5000);
    office.answer = 200;
    await until(() => office.received.length >= 2, 'the retry after a 503', 5000);
    await sleep(800);
    expect(office.received).toHaveLength(2);

    for (const r of office.received) {
      expect(r.signatureOk).toBe(true);
      expect(r.headers['idempotency-key']).toBe(code);
      expect(r.headers['x-motcua-event']).toBe('submitted');
    }
    const { body, raw } = office.received[1]!;
    expect(body.event).toBe('submitted');
    expect(body.statusUrl).toBe(`${url}/api/gateway/status`);
    expect(body.dossier).toMatchObject({ code, procedureId: 'mini', status: 'submitted', submitter: { channel: 'web', self: false } });
    // Chat identities, followers and the follow PIN stay with us.
    expect(raw).not.toContain('gw-citizen');
    expect(raw).not.toContain('notify');
    expect(raw).not.toContain('followPin');
  });

  it('sends photos as signed links that work', async () => {
    const photos = office.received[1]!.body.dossier.photos;
    expect(photos.length).toBeGreaterThan(0);
    const r = await fetch(photos[0]!.url);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/jpeg');
    expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    expect(Date.parse(photos[0]!.expiresAt)).toBeGreaterThan(Date.now() + 71 * 3600_000);
  });
});

describe('inbound: statuses from the back office', () => {
  it('drive the same change and push, once', async () => {
    const at = new Date().toISOString();
    const r = await postStatus(url, { code, status: 'received', at });
    expect(r.status).toBe(200);
    await until(async () => (await pushes('gw-citizen')).some((t) => t.includes('Trạng thái mới: đã tiếp nhận')), 'the push');
    const replay = await postStatus(url, { code, status: 'received', at });
    expect(replay.json).toMatchObject({ applied: false });
    await sleep(200);
    expect((await pushes('gw-citizen')).filter((t) => t.includes('Trạng thái mới'))).toHaveLength(1);
    expect((await app.outbox.forDossier(code)).map((s) => s.status)).toEqual(['sent']);
  });

  it('a supplement the citizen gives goes back to the office', async () => {
    await postStatus(url, { code, status: 'supplement_requested', message: 'Cần ảnh rõ hơn.', steps: ['doc_photos'], at: new Date().toISOString() });
    const d = await app.dossiers.completeSupplement(code, { answers: { doc_photos: [] }, photoSteps: new Set(['doc_photos']), by: 'citizen', at: new Date() });
    expect(d?.status).toBe('processing');
    const index = d!.history.length - 1;
    await until(() => office.received.some((r) => r.body.event === 'supplemented'), 'the supplemented POST', 5000);
    const sup = office.received.find((r) => r.body.event === 'supplemented')!;
    expect(sup.headers['idempotency-key']).toBe(`${code}:${index}`);
    expect(sup.signatureOk).toBe(true);
  });
});

describe('restart sweep', () => {
  it('re-queues dossiers never accepted, and only those', async () => {
    const store = createMemoryStore();
    const backend = memoryDeliveryBackend();
    const accepted = (await store.dossiers.create(sampleDossier({ channel: 'web', chatId: 'a', locale: 'vi' }, [], new Date()))).dossier;
    const lost = (await store.dossiers.create(sampleDossier({ channel: 'web', chatId: 'b', locale: 'vi' }, [], new Date()))).dossier;
    const before = office.received.length;
    const make = (): HttpGateway =>
      new HttpGateway({ url: office.url, secret: SECRET, queues: backend.queues, ledger: backend.ledger, dossiers: store.dossiers, links: new PhotoLinks(SECRET, () => url, 3600), statusUrl: () => `${url}/api/gateway/status`, logger: silentLogger(), retry: FAST });
    await backend.ledger.register([{ id: `gateway:${accepted.code}:submitted:0` }], new Date());
    await backend.ledger.markSent(`gateway:${accepted.code}:submitted:0`, new Date());
    const gw = make();
    await gw.start();
    await until(() => office.received.length === before + 1, 'the lost dossier');
    await sleep(300);
    await gw.stop();
    expect(office.received.slice(before).map((r) => r.body.dossier.code)).toEqual([lost.code]);
    const again = make();
    await again.start();
    await sleep(300);
    await again.stop();
    expect(office.received.length).toBe(before + 1);
  });
});
