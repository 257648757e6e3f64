/**
 * With Redis, a broadcast being composed belongs to the deployment, not to a process: the
 * preview, confirmation and send may each be served by another process (behind a load
 * balancer, or after a restart), and two clicks on "send" in two processes send it once.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../support/redis.ts';
import { bootBroadcastApp, PASSWORD, postCompose, subscribe, textOf, wardCode, type BroadcastApp } from './broadcast-support.ts';
import { ConsoleClient } from './console-support.ts';

describe('composing a broadcast across processes (Redis)', () => {
  const prefix = uniquePrefix('broadcast-redis');
  const env = { REDIS_URL: testRedisUrl(), REDIS_PREFIX: prefix };
  let a: BroadcastApp;
  let b: App;

  beforeAll(async () => {
    a = await bootBroadcastApp(env);
    // A second process of the same deployment: same Redis, same DATA_DIR.
    b = createApp({ config: loadConfig({ DATA_DIR: a.dataDir, LOG_LEVEL: 'silent', ...env }), logger: silentLogger(), flowsDir: FIXTURE_FLOWS });
    await subscribe(a.app, 'bt-1', { ward: 'Phường Bến Thành', topics: ['general'] });
  });

  afterAll(async () => {
    await b?.stop();
    await a?.close();
    await deleteKeys(testRedisUrl(), prefix);
  });

  it('composes on one process, and previews, confirms and sends on the other, once', async () => {
    const onA = new ConsoleClient(a.app.http);
    expect((await onA.login('bao.tran', PASSWORD)).status).toBe(303);
    await onA.get('/console/broadcasts/new');
    const image = await sharp({ create: { width: 640, height: 400, channels: 3, background: '#0a7d3b' } }).jpeg().toBuffer();
    const posted = await postCompose(a.app.http, onA, { text_vi: 'Lịch tiếp dân tháng 12 của phường.', wards: [wardCode('Phường Bến Thành')], topics: ['general'], op: 'preview' }, { files: [{ field: 'image', fileName: 'lich.jpg', type: 'image/jpeg', data: image }] });
    expect(posted.status, textOf(posted.body).slice(0, 300)).toBe(303);
    const previewUrl = posted.location!;

    // The same browser, now served by the other process.
    const onB = new ConsoleClient(b.http);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    const preview = await onB.get(previewUrl);
    expect(preview.status).toBe(200);
    expect(textOf(preview.body)).toContain('Lịch tiếp dân tháng 12 của phường.');
    expect((await onB.get(`${previewUrl}/image`)).headers['content-type']).toBe('image/jpeg');
    const confirm = await onB.post(`${previewUrl}/confirm`, { when: 'now' });
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.body)).toContain('Gửi cho 1 người?');
    const sent = await onB.post(`${previewUrl}/send`, { expected: '1' });
    expect(sent.status).toBe(303);
    expect(sent.location).toMatch(/^\/console\/broadcasts\/[A-Za-z0-9_-]+$/);
    // The same confirmation submitted again, to the first process: nothing more is sent.
    for (const [k, v] of onB.cookies) onA.cookies.set(k, v);
    const again = await onA.post(`${previewUrl}/send`, { expected: '1' });
    expect(again.location).toBe('/console/broadcasts');
    expect(await a.app.broadcasts.list(10)).toHaveLength(1);
  });
});
