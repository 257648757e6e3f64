/**
 * @module Console test kit: officials created through the officials module, a dossier submitted
 * through the web chat API (fixture flow `mini`), and an HTTP client over `inject` that keeps
 * cookies like a browser.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { App } from '../../src/app/create-app.ts';
import type { Role } from '../../src/officials/official.ts';
import { FileOfficialsStore } from '../../src/officials/officials-store.ts';
import { hashPassword } from '../../src/officials/password-hash.ts';

/** Cheap scrypt parameters: tests check the logic, not the cost. */
export const TEST_SCRYPT = { N: 2 ** 12, r: 8, p: 1 };

export async function addOfficial(dataDir: string, username: string, password: string, roles: Role[] = ['officer']): Promise<void> {
  await new FileOfficialsStore(dataDir).add(username, await hashPassword(password, TEST_SCRYPT), roles);
}

/** Completes the `mini` fixture flow in the web chat (a relative files, one document photo); returns the code. */
export async function submitMiniDossier(http: FastifyInstance, chat: string, photoBase64: string, name = 'Lê Văn Tám'): Promise<string> {
  const post = async (body: Record<string, unknown>): Promise<string> => {
    const r = await http.inject({ method: 'POST', url: '/api/sim/messages', payload: { chat, ...body } });
    expect(r.statusCode, r.body).toBe(200);
    return (r.json() as { replies: { text: string }[] }).replies.map((x) => x.text).join('\n');
  };
  await post({ text: 'thu tuc thu nghiem' });
  await post({ choice: 'consent:yes' });
  for (const text of ['2', 'mẹ', name, 'nam', '1/1/1980', '079080001234', '0912345678', 'bỏ qua', 'có']) await post({ text });
  await post({ photo: photoBase64 });
  await post({ text: 'xong' });
  await post({ text: '2' });
  await post({ location: { lat: 10.7769, lng: 106.7009 } });
  await post({ text: '12 Nguyễn Trãi, phường Bến Thành, TP. Hồ Chí Minh' });
  const done = await post({ text: 'ok nộp đi' });
  const code = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/.exec(done)?.[0];
  expect(code, done).toBeDefined();
  return code!;
}

export interface Page {
  status: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
  location?: string;
}

/** A browser-like client over `inject`: keeps cookies, reads CSRF tokens from the last page. */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  lastPage = '';

  /** `forwardedFor`: the browser's address as a reverse proxy at `ip` reports it (X-Forwarded-For). */
  constructor(private readonly http: FastifyInstance, private readonly ip = '127.0.0.1', private readonly forwardedFor?: string) {}

  private baseHeaders(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { cookie, ...(this.forwardedFor ? { 'x-forwarded-for': this.forwardedFor } : {}) };
  }

  private keep(setCookie: string | string[] | number | undefined): void {
    for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [String(setCookie)] : []) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Page> {
    const r = await this.http.inject({ method: 'GET', url, headers: { ...this.baseHeaders(), ...headers }, remoteAddress: this.ip });
    this.keep(r.headers['set-cookie']);
    if (String(r.headers['content-type'] ?? '').startsWith('text/html')) this.lastPage = r.body;
    return { status: r.statusCode, body: r.body, headers: r.headers, ...(r.headers.location ? { location: String(r.headers.location) } : {}) };
  }

  /** The CSRF token in the last page's forms. */
  csrf(): string {
    return /name="_csrf" value="([^"]+)"/.exec(this.lastPage)?.[1] ?? '';
  }

  /** Posts a form; `_csrf` is taken from the last page unless given (pass null to omit it). */
  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: string | null; headers?: Record<string, string> } = {}): Promise<Page> {
    const body = new URLSearchParams();
    const token = opts.csrf === undefined ? this.csrf() : opts.csrf;
    if (token !== null) body.append('_csrf', token);
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const r = await this.http.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.baseHeaders(), ...opts.headers },
      remoteAddress: this.ip,
    });
    this.keep(r.headers['set-cookie']);
    if (String(r.headers['content-type'] ?? '').startsWith('text/html')) this.lastPage = r.body;
    return { status: r.statusCode, body: r.body, headers: r.headers, ...(r.headers.location ? { location: String(r.headers.location) } : {}) };
  }

  /** Opens the login page and logs in; returns the POST's answer. */
  async login(username: string, password: string): Promise<Page> {
    await this.get('/console/login');
    return this.post('/console/login', { username, password });
  }

  /** GET that follows one redirect (after a POST, as browsers do with 303). */
  async follow(p: Page): Promise<Page> {
    expect(p.status, p.body.slice(0, 300)).toBe(303);
    return this.get(p.location!);
  }
}

export type { App };
