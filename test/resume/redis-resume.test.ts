/**
 * With Redis, a conversation survives the process: kill -9 mid-procedure, start again,
 * continue where the citizen left off, and submit. /healthz follows Redis' health.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { post, startAppProcess, type AppProcess } from '../support/app-process.ts';
import { startRedisServer, type PrivateRedis } from '../support/redis.ts';
import { documentJpeg } from '../support/engine-harness.ts';

const last = (r: { replies: { text: string }[] }): string => r.replies[r.replies.length - 1]?.text ?? '';

describe('a Redis-backed conversation after a kill', () => {
  let redis: PrivateRedis;
  let app: AppProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-resume-'));
  const env = (): Record<string, string> => ({ REDIS_URL: redis.url, DATA_DIR: dataDir, FLOWS_DIR: FIXTURE_FLOWS });

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await app?.kill();
    await redis.stop();
  });

  it('continues where it stopped, keeping every answer', async () => {
    app = await startAppProcess(env());
    const say = (text: string) => post(app!.url, { chat: 'k1', text });
    await say('thu tuc thu nghiem');
    await say('đồng ý');
    await say('1');
    await say('Nguyễn Văn An');
    expect(last(await say('nam'))).toMatch(/Ngày sinh/);

    await app.kill('SIGKILL');
    app = await startAppProcess(env());

    expect(last(await say('nhắc lại'))).toMatch(/Ngày sinh/);
    for (const a of ['5/3/1990', '079090001234', '0901234567', 'bỏ qua', 'có']) await say(a);
    const photo = Buffer.from(await documentJpeg()).toString('base64');
    await post(app.url, { chat: 'k1', photo });
    await say('xong');
    await say('2');
    await post(app.url, { chat: 'k1', location: { lat: 10.77, lng: 106.7 } });
    const summary = await say('12 Nguyễn Trãi, phường Bến Thành');
    expect(last(summary)).toMatch(/Nguyễn Văn An/);
    expect(last(summary)).toMatch(/05\/03\/1990/);
    const done = await post(app.url, { chat: 'k1', choice: 'review:confirm' });
    expect(done.replies.map((r) => r.text).join('\n')).toMatch(/HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/);
  });

  it('reports unhealthy while Redis is down', async () => {
    app ??= await startAppProcess(env());
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    await redis.stop();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(503);
  });
});
