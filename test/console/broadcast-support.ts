/**
 * @module Broadcast console test kit: an app with officials (one may broadcast, one may not),
 * subscribers put straight into the store, ward codes by name, and multipart form posts (the
 * composer has a file input) through the cookie-keeping `ConsoleClient`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { addressIndex } from '../../src/address/index.ts';
import { createApp, type App } from '../../src/app/create-app.ts';
import type { Subscription, Topic } from '../../src/broadcast/subscription.ts';
import { loadConfig } from '../../src/config/config.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';
import { addOfficial, type ConsoleClient, type Page } from './console-support.ts';

export const PASSWORD = 'mưa rào tháng sáu 2026';

/** A ward's code after the 2025 merger, by its exact name in Hồ Chí Minh City. */
export function wardCode(name: string): string {
  const w = addressIndex().byProvince.get('79')?.wards.find((x) => x.name === name);
  if (!w) throw new Error(`no ward named ${name}`);
  return w.code;
}

export interface BroadcastApp {
  app: App;
  dataDir: string;
  close(): Promise<void>;
}

/** The app on the memory store with `bao.tran` (officer + broadcast) and `lan.nguyen` (officer only). */
export async function bootBroadcastApp(env: Record<string, string> = {}): Promise<BroadcastApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'motcua-broadcast-console-'));
  await addOfficial(dataDir, 'bao.tran', PASSWORD, ['officer', 'broadcast']);
  await addOfficial(dataDir, 'lan.nguyen', PASSWORD, ['officer']);
  const app = createApp({ config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }), logger: silentLogger(), flowsDir: FIXTURE_FLOWS });
  return {
    app,
    dataDir,
    async close() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A web-chat subscriber put straight into the store. */
export async function subscribe(app: App, chatId: string, s: { ward: string; topics?: Topic[]; locale?: 'vi' | 'en'; channel?: Subscription['channel'] }): Promise<void> {
  await app.store.subscriptions.put({
    channel: s.channel ?? 'web',
    chatId,
    locale: s.locale ?? 'vi',
    wardCode: wardCode(s.ward),
    ward: s.ward,
    topics: s.topics ?? ['general'],
    since: new Date().toISOString(),
  });
}

export interface FilePart {
  field: string;
  fileName: string;
  type: string;
  data: Buffer;
}

/** A multipart/form-data body as a browser sends it. */
export function multipart(fields: Record<string, string | string[]>, files: FilePart[] = []): { body: Buffer; contentType: string } {
  const boundary = `----motcua${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const x of Array.isArray(v) ? v : [v]) chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${x}\r\n`));
  }
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.fileName}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts the composer form (multipart) with the last page's CSRF token unless `csrf: null`. */
export async function postCompose(http: FastifyInstance, client: ConsoleClient, fields: Record<string, string | string[]>, opts: { files?: FilePart[]; csrf?: string | null } = {}): Promise<Page> {
  const token = opts.csrf === undefined ? client.csrf() : opts.csrf;
  const { body, contentType } = multipart({ ...(token !== null ? { _csrf: token } : {}), ...fields }, opts.files);
  const r = await http.inject({
    method: 'POST',
    url: '/console/broadcasts/compose',
    payload: body,
    headers: { 'content-type': contentType, cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    remoteAddress: '127.0.0.1',
  });
  if (String(r.headers['content-type'] ?? '').startsWith('text/html')) client.lastPage = r.body;
  return { status: r.statusCode, body: r.body, headers: r.headers, ...(r.headers.location ? { location: String(r.headers.location) } : {}) };
}

/** The text of an HTML page without tags, entities decoded (enough to match sentences). */
export function textOf(page: string): string {
  return page
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}
