/**
 * @module Which URLs a Zalo photo can be downloaded from, best first: `content.href` (the
 * original), then the `params` HD and normal renditions, then `thumb` — the order domain.md
 * gives. A later URL is tried only when an earlier one fails.
 */
import { paramString, type ZaloContent } from './zalo-content.ts';

export type PhotoVariant = 'href' | 'hd' | 'normal' | 'thumb';

export interface PhotoSource {
  variant: PhotoVariant;
  url: string;
}

export function photoSources(c: ZaloContent): PhotoSource[] {
  const candidates: PhotoSource[] = [
    { variant: 'href', url: c.href },
    { variant: 'hd', url: paramString(c.params, 'hd') ?? paramString(c.params, 'hdUrl') ?? '' },
    { variant: 'normal', url: paramString(c.params, 'normalUrl') ?? paramString(c.params, 'rawUrl') ?? paramString(c.params, 'oriUrl') ?? '' },
    { variant: 'thumb', url: c.thumb || (paramString(c.params, 'thumbUrl') ?? '') },
  ];
  const seen = new Set<string>();
  return candidates.filter((s) => {
    if (s.url === '' || seen.has(s.url)) return false;
    seen.add(s.url);
    return true;
  });
}
