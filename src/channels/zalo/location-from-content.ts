/**
 * @module Coordinates of a shared Zalo location (`chat.location.new`). Clients put them in
 * different places — `params` (latitude/longitude), the description ("10.77,106.70") or the
 * maps link — so each is tried in turn; the range check happens in cleanLocation().
 */
import { paramNumber, type ZaloContent } from './zalo-content.ts';

export interface RawLocation {
  lat: number;
  lng: number;
  label?: string;
}

const PAIR = /(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)/;

export function locationFromContent(c: ZaloContent): RawLocation | null {
  const label = c.title.trim() || undefined;
  const lat = paramNumber(c.params, 'latitude', 'lat');
  const lng = paramNumber(c.params, 'longitude', 'lng', 'lon', 'long');
  if (lat !== undefined && lng !== undefined) return withLabel(lat, lng, label);
  for (const text of [c.description, hrefQuery(c.href)]) {
    const m = PAIR.exec(text);
    if (m?.[1] && m[2]) return withLabel(Number(m[1]), Number(m[2]), label);
  }
  return null;
}

function withLabel(lat: number, lng: number, label: string | undefined): RawLocation {
  return label === undefined ? { lat, lng } : { lat, lng, label };
}

/** The coordinate-bearing part of a maps link (`?q=lat,lng`, `?ll=...`, `/@lat,lng`). */
function hrefQuery(href: string): string {
  if (!href) return '';
  try {
    const u = new URL(href);
    return u.searchParams.get('q') ?? u.searchParams.get('ll') ?? u.searchParams.get('query') ?? decodeURIComponent(u.pathname);
  } catch {
    return '';
  }
}
