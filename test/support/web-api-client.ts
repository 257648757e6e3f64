/**
 * @module Drives the real app through the web chat JSON API (design.md) with Fastify's
 * `inject`: the composition root as `npm start` builds it (memory store, DATA_DIR in a temp
 * dir, a fixed clock), requests as the page at `/` sends them, and the session peeked only
 * to know which step the bot is on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import { createApp, type App } from '../../src/app/create-app.ts';
import { loadConfig } from '../../src/config/config.ts';
import { readSession, type Session } from '../../src/engine/session.ts';
import { silentLogger } from '../../src/log/logger.ts';

export interface ApiChoice {
  label: string;
  value: string;
}

export interface ApiReply {
  text: string;
  choices?: ApiChoice[];
  image?: { url?: string; mime: string };
}

export interface HistoryMessage extends ApiReply {
  seq: number;
}

export interface BootedApp {
  app: App;
  dataDir: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The app with the web channel started. `start()` also listens (PORT=0 is refused by the
 * config schema, so a free port is picked); requests still go through `http.inject`.
 */
export async function bootApp(opts: { now: Date }): Promise<BootedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-catalogue-'));
  const config = loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const app = createApp({ config, logger: silentLogger(), now: () => new Date(opts.now) });
  await app.start();
  return {
    app,
    dataDir,
    async close() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JPEG of a "document" (noise, so it is not trivially compressible), base64 as the page sends it. */
export async function documentJpegBase64(width = 640, height = 480, seed = 1): Promise<string> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = ((i + seed * 7919) * 2654435761) >>> 24;
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 70 }).toBuffer();
  return jpeg.toString('base64');
}

/** One web chat, as the page would hold it. */
export class WebChatClient {
  /** Everything said, for failure messages: "> citizen" and "< bot" lines. */
  readonly transcript: string[] = [];
  replies: ApiReply[] = [];
  /** Every reply of every POST, in order: what GET /api/sim/messages must give back. */
  readonly received: ApiReply[] = [];

  constructor(
    readonly app: App,
    readonly chat: string,
  ) {}

  /** POSTs one message; expects 200 and returns the replies to it. */
  async post(body: Record<string, unknown>): Promise<ApiReply[]> {
    const res = await this.app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: this.chat, ...body } });
    const shown = 'photo' in body ? '[ảnh]' : JSON.stringify(body);
    this.transcript.push(`> ${shown}`);
    expect(res.statusCode, `POST ${shown} → ${res.body}\n${this.dump()}`).toBe(200);
    const json = res.json() as { replies: ApiReply[] };
    this.replies = json.replies;
    this.received.push(...json.replies);
    for (const r of json.replies) this.transcript.push(`< ${r.text}${r.choices ? `  [${r.choices.map((c) => c.label).join(' | ')}]` : ''}`);
    return json.replies;
  }

  /** A POST that must fail with 400 and an error code. */
  async postBad(body: Record<string, unknown>): Promise<{ code: string; message: string }> {
    const res = await this.app.http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat: this.chat, ...body } });
    expect(res.statusCode).toBe(400);
    return (res.json() as { error: { code: string; message: string } }).error;
  }

  text(text: string): Promise<ApiReply[]> {
    return this.post({ text });
  }

  tap(value: string): Promise<ApiReply[]> {
    return this.post({ choice: value });
  }

  photo(base64: string): Promise<ApiReply[]> {
    return this.post({ photo: base64 });
  }

  location(lat: number, lng: number): Promise<ApiReply[]> {
    return this.post({ location: { lat, lng } });
  }

  start(): Promise<ApiReply[]> {
    return this.post({ start: true });
  }

  /** The last reply of the last message: the open question. */
  last(): ApiReply {
    const r = this.replies[this.replies.length - 1];
    if (!r) throw new Error(`no reply\n${this.dump()}`);
    return r;
  }

  allText(): string {
    return this.replies.map((r) => r.text).join('\n---\n');
  }

  /** The value of the button whose label matches, on the open question. */
  choice(label: RegExp): string {
    const c = this.last().choices?.find((x) => label.test(x.label));
    if (!c) throw new Error(`no button matching ${label} in ${JSON.stringify(this.last().choices?.map((x) => x.label))}\n${this.dump()}`);
    return c.value;
  }

  async history(after = 0): Promise<HistoryMessage[]> {
    const res = await this.app.http.inject({ method: 'GET', url: `/api/sim/messages?chat=${encodeURIComponent(this.chat)}&after=${after}` });
    expect(res.statusCode).toBe(200);
    return (res.json() as { messages: HistoryMessage[] }).messages;
  }

  async session(): Promise<Session | null> {
    const r = readSession(await this.app.store.sessions.peek(`web:${this.chat}`));
    if (!r.ok) throw new Error(`session does not parse: ${r.reason}`);
    return r.session;
  }

  /** The step id the bot is asking (flow.state.value), or undefined when no procedure runs. */
  async stepId(): Promise<string | undefined> {
    return (await this.session())?.flow?.state.value;
  }

  dump(lines = 30): string {
    return ['--- last lines of the conversation ---', ...this.transcript.slice(-lines)].join('\n');
  }
}
