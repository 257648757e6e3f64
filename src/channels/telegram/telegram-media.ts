/**
 * @module A MediaRef for a file a user sent: nothing is downloaded until a step asks for the
 * bytes. fetch(maxBytes) refuses before downloading when Telegram declared a larger size,
 * calls getFile, then streams the file and stops as soon as it exceeds the limit. The cloud
 * Bot API lets bots download at most 20 MB.
 */
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Telegram } from 'telegraf';
import type { MediaRef } from '../channel.ts';
import { isMotcuaError, MotcuaError } from '../../errors.ts';
import type { FileInfo } from './to-inbound.ts';

/** Bots may download files up to 20 MB from the cloud Bot API. */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export interface MediaDeps {
  telegram: Telegram;
  /** Retries getFile on network errors and 5xx (the sender's policy). */
  retry<T>(method: string, fn: () => Promise<T>): Promise<T>;
  downloadTimeoutMs: number;
}

function tooLarge(size: number | undefined, limit: number): MotcuaError {
  return new MotcuaError(
    'PHOTO_TOO_LARGE',
    `The file is larger than ${limit} bytes${limit === TELEGRAM_DOWNLOAD_LIMIT ? ' (Telegram bots can download at most 20 MB)' : ''}`,
    { maxBytes: limit, ...(size !== undefined ? { size } : {}) },
  );
}

export function telegramMedia(file: FileInfo, deps: MediaDeps): MediaRef {
  return {
    id: file.fileId,
    ...(file.mime !== undefined ? { mime: file.mime } : {}),
    ...(file.size !== undefined ? { size: file.size } : {}),
    ...(file.fileName !== undefined ? { fileName: file.fileName } : {}),
    fetch: (maxBytes) => download(file, Math.min(maxBytes, TELEGRAM_DOWNLOAD_LIMIT), deps),
  };
}

async function download(file: FileInfo, limit: number, deps: MediaDeps): Promise<Uint8Array> {
  if (file.size !== undefined && file.size > limit) throw tooLarge(file.size, limit);
  const info = await deps.retry('getFile', () => deps.telegram.getFile(file.fileId)).catch((err: unknown) => {
    if (isMotcuaError(err, 'BAD_REQUEST') && /file is too big/i.test(String(err.details?.description))) throw tooLarge(file.size, limit);
    throw err;
  });
  if (info.file_size !== undefined && info.file_size > limit) throw tooLarge(info.file_size, limit);
  if (info.file_path === undefined) throw new MotcuaError('DELIVERY_FAILED', 'Telegram did not give a path for the file');

  // getFileLink builds the URL with the token in it: never log it.
  const url = await deps.telegram.getFileLink(info);
  if (url.protocol === 'file:') {
    // A self-hosted Bot API server in --local mode answers with a path on its disk.
    const path = fileURLToPath(url);
    const s = await stat(path);
    if (s.size > limit) throw tooLarge(s.size, limit);
    return new Uint8Array(await readFile(path));
  }
  return fetchLimited(url, limit, deps.downloadTimeoutMs);
}

async function fetchLimited(url: URL, limit: number, timeoutMs: number): Promise<Uint8Array> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: controller.signal });
    } catch (err) {
      throw new MotcuaError('DELIVERY_FAILED', 'Could not download the file from Telegram', undefined, { cause: err });
    }
    if (!res.ok || !res.body) throw new MotcuaError('DELIVERY_FAILED', `Downloading the file from Telegram answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      controller.abort();
      throw tooLarge(declared, limit);
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    const reader = res.body.getReader();
    for (;;) {
      const r = await reader.read().catch((err: unknown) => {
        throw new MotcuaError('DELIVERY_FAILED', 'The file download from Telegram was interrupted', undefined, { cause: err });
      });
      if (r.done) break;
      total += r.value.byteLength;
      if (total > limit) {
        controller.abort();
        throw tooLarge(undefined, limit);
      }
      chunks.push(r.value);
    }
    const out = new Uint8Array(total);
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.byteLength;
    }
    return out;
  } finally {
    clearTimeout(timer);
  }
}
