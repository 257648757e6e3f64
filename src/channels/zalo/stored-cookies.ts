/**
 * @module A session's cookie jar (tough-cookie's serialised form, as zca-js exposes it) in
 * the shape the credentials file stores: each cookie kept whole, only those with a key and a
 * value, so zca-js can rebuild the jar exactly at the next login.
 */
import type { ZaloCookie } from './credentials-store.ts';

export function toStoredCookies(jar: readonly Record<string, unknown>[]): ZaloCookie[] {
  return jar.flatMap((c) => {
    const key = typeof c['key'] === 'string' ? c['key'] : undefined;
    const value = typeof c['value'] === 'string' ? c['value'] : undefined;
    return key && value !== undefined ? [{ ...c, key, value }] : [];
  });
}
