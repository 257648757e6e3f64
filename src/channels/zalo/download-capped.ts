/**
 * @module Downloads a URL into memory with a hard size cap, enforced twice before any decoding:
 * by the declared Content-Length (nothing read) and while streaming (stops at the cap). Hosts
 * are checked on every redirect hop, so a link in a message cannot point us at the LAN.
 */
import { MotcuaError } from '../../errors.ts';

export interface DownloadOptions {
  /** Which hosts may be fetched (checked on each redirect hop). */
  allowHost: (host: string) => boolean;
  /** Plain http is refused unless set (local test servers). */
  allowHttp?: boolean;
  timeoutMs?: number;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

const MAX_REDIRECTS = 3;

/**
 * Rejects with MotcuaError:
 * - PHOTO_TOO_LARGE beyond `maxBytes` (details.limit);
 * - DELIVERY_FAILED with details.transient = true on network errors, timeouts, 408/425/429/5xx;
 * - PHOTO_INVALID with details.transient = false on other statuses or a refused URL.
 */
export async function downloadCapped(url: string, maxBytes: number, opts: DownloadOptions): Promise<Uint8Array> {
  const doFetch = opts.fetch ?? fetch;
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 20_000);
  let current = url;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    checkUrl(current, opts);
    let res: Response;
    try {
      res = await doFetch(current, { headers: opts.headers, redirect: 'manual', signal });
    } catch (e) {
      throw new MotcuaError('DELIVERY_FAILED', 'media download failed (network or timeout)', { transient: true }, { cause: e });
    }
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.body?.cancel();
      current = new URL(res.headers.get('location') ?? '', current).toString();
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel();
      const transient = res.status === 408 || res.status === 425 || res.status === 429 || res.status >= 500;
      throw transient
        ? new MotcuaError('DELIVERY_FAILED', `media download failed with HTTP ${res.status}`, { status: res.status, transient: true })
        : new MotcuaError('PHOTO_INVALID', `media download failed with HTTP ${res.status}`, { status: res.status, transient: false });
    }
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > maxBytes) {
      await res.body?.cancel();
      throw tooLarge(maxBytes, declared);
    }
    return readCapped(res, maxBytes);
  }
  throw new MotcuaError('PHOTO_INVALID', 'media download redirected too many times', { transient: false });
}

async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof MotcuaError) throw e;
    throw new MotcuaError('DELIVERY_FAILED', 'media download interrupted', { transient: true }, { cause: e });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

function checkUrl(raw: string, opts: DownloadOptions): void {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new MotcuaError('PHOTO_INVALID', 'media URL is malformed', { transient: false });
  }
  const protocolOk = u.protocol === 'https:' || (opts.allowHttp === true && u.protocol === 'http:');
  if (!protocolOk || !opts.allowHost(u.hostname)) {
    throw new MotcuaError('PHOTO_INVALID', 'media URL points outside the allowed hosts', { transient: false, host: u.hostname });
  }
}

function tooLarge(limit: number, declared?: number): MotcuaError {
  return new MotcuaError('PHOTO_TOO_LARGE', `media exceeds ${limit} bytes`, declared === undefined ? { limit } : { limit, declared });
}
