/**
 * @module Gateway test kit: a back office's side — signed status updates to the app, and a
 * receiving server that records the dossiers POSTed to it (checking their signature) and can
 * be down (connection refused) until told to come up.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkSignature, signBody } from '../../src/gateway/gateway-signature.ts';

export const SECRET = 'test-secret-0123456789abcdef0123456789abcdef';

export interface SignedOptions {
  secret?: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Replaces the computed signature. */
  signature?: string;
}

/** Signs `rawBody` like a back office and POSTs it to /api/gateway/status. */
export async function postStatus(baseUrl: string, body: Record<string, unknown> | string, opts: SignedOptions = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const r = await fetch(`${baseUrl}/api/gateway/status`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-motcua-timestamp': ts, 'x-motcua-signature': opts.signature ?? signBody(opts.secret ?? SECRET, ts, raw) },
    body: raw,
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: { event: string; statusUrl: string; dossier: { code: string; photos: { id: string; url: string; expiresAt: string }[]; [k: string]: unknown } };
  signatureOk: boolean;
  at: number;
}

/** The back office's receiving endpoint, on a fixed port so it can be "down" before it listens. */
export class Receiver {
  readonly received: Received[] = [];
  /** Status to answer with; e.g. 503 to play an overloaded office. */
  answer = 200;
  private server: Server | undefined;

  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/dossiers`;
  }

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const ts = req.headers['x-motcua-timestamp'];
        const sig = req.headers['x-motcua-signature'];
        const check = checkSignature(SECRET, { timestamp: typeof ts === 'string' ? ts : undefined, signature: typeof sig === 'string' ? sig : undefined, rawBody: Buffer.from(raw) }, new Date());
        this.received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Received['body'], signatureOk: check.ok, at: Date.now() });
        res.writeHead(this.answer, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  address(): AddressInfo | undefined {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a : undefined;
  }
}
