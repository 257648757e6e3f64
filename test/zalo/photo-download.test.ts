import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadCapped } from '../../src/channels/zalo/download-capped.ts';
import { photoMediaRef } from '../../src/channels/zalo/photo-media-ref.ts';
import { photoSources } from '../../src/channels/zalo/photo-sources.ts';
import { isZaloCdnHost } from '../../src/channels/zalo/zalo-cdn-hosts.ts';
import { readContent } from '../../src/channels/zalo/zalo-content.ts';
import { isMotcuaError } from '../../src/errors.ts';

const SMALL = new Uint8Array(300).fill(7);
const BIG = new Uint8Array(5000).fill(9);
const LIMIT = 1000;

let server: Server;
let base = '';
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '';
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const send = (status: number, body?: Uint8Array, declare = true): void => {
      if (body && declare) res.setHeader('content-length', body.byteLength);
      res.statusCode = status;
      if (!body) return void res.end();
      if (declare) return void res.end(body);
      // No Content-Length: stream in chunks so only the streaming cap can stop it.
      for (let i = 0; i < body.byteLength; i += 500) res.write(body.subarray(i, i + 500));
      res.end();
    };
    switch (path) {
      case '/flaky/original.jpg':
        return n === 1 ? send(503) : send(200, SMALL);
      case '/gone/original.jpg':
        return send(404);
      case '/gone/hd.jpg':
        return send(200, SMALL);
      case '/big/original.jpg':
        return send(200, BIG); // declared too large
      case '/big/hd.jpg':
        return send(200, BIG, false); // streamed too large
      case '/big/normal.jpg':
        return send(200, SMALL);
      case '/allbig/thumb.jpg':
        return send(200, SMALL);
      case '/dead/thumb.jpg':
        return send(200, SMALL);
      case '/redirect':
        res.setHeader('location', 'http://169.254.169.254/latest/meta-data');
        return send(302);
      default:
        if (path.startsWith('/allbig/')) return send(200, BIG, false);
        if (path.startsWith('/dead/')) return send(500);
        return send(404);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const localFetch = (url: string, max: number): Promise<Uint8Array> =>
  downloadCapped(url, max, { allowHost: (h) => h === '127.0.0.1', allowHttp: true, timeoutMs: 5000 });

function refFor(dir: string): ReturnType<typeof photoMediaRef> {
  const content = readContent({
    href: `${base}/${dir}/original.jpg`,
    thumb: `${base}/${dir}/thumb.jpg`,
    params: JSON.stringify({ hd: `${base}/${dir}/hd.jpg`, normalUrl: `${base}/${dir}/normal.jpg` }),
  });
  if (!content) throw new Error('fixture content');
  return photoMediaRef(photoSources(content), { fetchMedia: localFetch, attempts: 3, sleep: async () => {} });
}

describe('photo download with fallbacks (local HTTP server)', () => {
  it('retries a transient 503 on the original and gets it', async () => {
    await expect(refFor('flaky').fetch(LIMIT)).resolves.toEqual(SMALL);
    expect(hits.get('/flaky/original.jpg')).toBe(2);
    expect(hits.get('/flaky/hd.jpg')).toBeUndefined();
  });

  it('falls back from a missing original to the HD rendition without retrying a 404', async () => {
    await expect(refFor('gone').fetch(LIMIT)).resolves.toEqual(SMALL);
    expect(hits.get('/gone/original.jpg')).toBe(1);
  });

  it('skips renditions over the limit (declared or streamed) and takes the normal one', async () => {
    await expect(refFor('big').fetch(LIMIT)).resolves.toEqual(SMALL);
  });

  it('reports PHOTO_TOO_LARGE instead of handing over the thumbnail', async () => {
    const err: unknown = await refFor('allbig').fetch(LIMIT).catch((e: unknown) => e);
    expect(isMotcuaError(err, 'PHOTO_TOO_LARGE')).toBe(true);
    expect(hits.get('/allbig/thumb.jpg')).toBeUndefined();
  });

  it('falls back to the thumbnail when every other source keeps failing', async () => {
    await expect(refFor('dead').fetch(LIMIT)).resolves.toEqual(SMALL);
    expect(hits.get('/dead/original.jpg')).toBe(3);
    expect(hits.get('/dead/hd.jpg')).toBe(3);
    expect(hits.get('/dead/normal.jpg')).toBe(3);
  });

  it('fails with PHOTO_INVALID when nothing can be downloaded', async () => {
    const content = readContent({ href: `${base}/nowhere/original.jpg` });
    if (!content) throw new Error('fixture content');
    const err: unknown = await photoMediaRef(photoSources(content), { fetchMedia: localFetch, sleep: async () => {} })
      .fetch(LIMIT)
      .catch((e: unknown) => e);
    expect(isMotcuaError(err, 'PHOTO_INVALID')).toBe(true);
  });
});

describe('downloadCapped', () => {
  it('refuses hosts outside the allow list, plain http, and redirects that leave it', async () => {
    const strict = { allowHost: (h: string) => isZaloCdnHost(h) };
    await expect(downloadCapped(`${base}/gone/hd.jpg`, LIMIT, strict)).rejects.toMatchObject({ code: 'PHOTO_INVALID' });
    await expect(downloadCapped('http://photo-stal-1.zdn.vn/x.jpg', LIMIT, strict)).rejects.toMatchObject({ code: 'PHOTO_INVALID' });
    await expect(downloadCapped(`${base}/redirect`, LIMIT, { allowHost: (h) => h === '127.0.0.1', allowHttp: true })).rejects.toMatchObject({
      code: 'PHOTO_INVALID',
      details: { host: '169.254.169.254' },
    });
  });

  it('knows Zalo CDN hosts', () => {
    expect(isZaloCdnHost('photo-stal-12.zdn.vn')).toBe(true);
    expect(isZaloCdnHost('file-stal-22-te.flchat.vn')).toBe(true);
    expect(isZaloCdnHost('evilzdn.vn')).toBe(false);
    expect(isZaloCdnHost('127.0.0.1')).toBe(false);
  });
});
