/**
 * @module A MediaRef for a Zalo photo that downloads lazily, trying each source in turn
 * (href → hd → normal → thumb) and retrying transient failures (network, 5xx) on each.
 * A source over the size limit moves on to the next smaller rendition, but never down to the
 * thumbnail: a thumbnail is too small to read a document from.
 */
import { createHash } from 'node:crypto';
import type { MediaRef } from '../channel.ts';
import { isMotcuaError, MotcuaError } from '../../errors.ts';
import { fullJitterDelay, type BackoffPolicy } from './backoff.ts';
import type { PhotoSource } from './photo-sources.ts';

export interface PhotoFetchDeps {
  fetchMedia: (url: string, maxBytes: number) => Promise<Uint8Array>;
  /** Tries per source (first try included). */
  attempts?: number;
  retry?: BackoffPolicy;
  sleep?: (ms: number) => Promise<void>;
}

export interface PhotoInfo {
  mime?: string;
  size?: number;
  fileName?: string;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function photoMediaRef(sources: readonly PhotoSource[], deps: PhotoFetchDeps, info: PhotoInfo = {}): MediaRef {
  const first = sources[0]?.url ?? '';
  // The id must not be the URL itself: Zalo CDN links work for anyone who holds them.
  const ref: MediaRef = { id: `zalo:${createHash('sha256').update(first).digest('hex').slice(0, 24)}`, fetch: (max) => fetchFirst(sources, deps, max) };
  if (info.mime !== undefined) ref.mime = info.mime;
  if (info.size !== undefined) ref.size = info.size;
  if (info.fileName !== undefined) ref.fileName = info.fileName;
  return ref;
}

async function fetchFirst(sources: readonly PhotoSource[], deps: PhotoFetchDeps, maxBytes: number): Promise<Uint8Array> {
  const attempts = Math.max(1, deps.attempts ?? 3);
  const policy = deps.retry ?? { baseMs: 500, capMs: 4000 };
  const sleep = deps.sleep ?? defaultSleep;
  let tooLarge: MotcuaError | undefined;
  let lastError: unknown;
  for (const source of sources) {
    if (source.variant === 'thumb' && tooLarge) continue;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        return await deps.fetchMedia(source.url, maxBytes);
      } catch (e) {
        if (isMotcuaError(e, 'PHOTO_TOO_LARGE')) {
          tooLarge = e;
          break;
        }
        lastError = e;
        if (!isTransient(e) || attempt === attempts - 1) break;
        await sleep(fullJitterDelay(attempt + 1, policy));
      }
    }
  }
  if (tooLarge) throw tooLarge;
  throw new MotcuaError(
    'PHOTO_INVALID',
    'could not download the photo from Zalo',
    { reason: 'download_failed', transient: isTransient(lastError), sources: sources.map((s) => s.variant) },
    lastError === undefined ? undefined : { cause: lastError },
  );
}

function isTransient(e: unknown): boolean {
  return e instanceof MotcuaError && e.details?.['transient'] === true;
}
