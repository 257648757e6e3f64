/**
 * @module Hosts Zalo serves message media from. Photo, file and voice URLs seen in listener
 * payloads live under these domains (photo-stal-*.zdn.vn, f*-*.zadn.vn, file-stal-*.flchat.vn,
 * ...). Anything else in a message is refused rather than fetched from our server.
 */

export const ZALO_CDN_SUFFIXES = ['zdn.vn', 'zadn.vn', 'zalo.me', 'zaloapp.com', 'flchat.vn'] as const;

export function isZaloCdnHost(host: string, suffixes: readonly string[] = ZALO_CDN_SUFFIXES): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return suffixes.some((s) => h === s || h.endsWith(`.${s}`));
}
