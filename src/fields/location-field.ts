/**
 * @module A place: a shared location pin (→ {lat, lng, label?}) checked to be in Vietnam, or,
 * when the step allows it, a typed description (→ {text}) for citizens who cannot share a pin.
 */
import type { Locale } from '../channels/channel.ts';
import type { Step } from '../flows/flow-schema.ts';
import { t } from '../i18n/locales.ts';
import type { FieldResult, FieldType, Json } from './field-type.ts';

type LocationStep = Extract<Step, { type: 'location' }>;

interface Box {
  south: number;
  north: number;
  west: number;
  east: number;
}

/**
 * Vietnam as three boxes with about 0.3° (~30 km) of margin: the mainland with its coastal islands
 * (Phú Quốc, Côn Đảo, Thổ Chu, Bạch Long Vĩ), Hoàng Sa and Trường Sa. Boxes, not borders: a point in
 * Laos or Cambodia passes, but a pin in Bangkok, Singapore or Europe — a wrong tap or a VPN — does not.
 */
export const VIETNAM_BOXES: readonly Box[] = [
  { south: 8.0, north: 23.7, west: 101.8, east: 110.0 },
  { south: 15.4, north: 17.4, west: 110.8, east: 113.0 },
  { south: 6.0, north: 12.3, west: 111.3, east: 117.9 },
];

export const LOCATION_TEXT_MIN = 5;
export const LOCATION_TEXT_MAX = 300;

export function inVietnam(lat: number, lng: number): boolean {
  return VIETNAM_BOXES.some((b) => lat >= b.south && lat <= b.north && lng >= b.west && lng <= b.east);
}

function fail(key: string, params?: Record<string, string | number>): FieldResult {
  return { ok: false, error: params ? { key, params } : { key } };
}

function point(lat: number, lng: number, label: string | undefined, step: LocationStep): FieldResult {
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return fail('location.invalid');
  if (!inVietnam(lat, lng)) return fail(step.allowText ? 'location.outside' : 'location.outsideNoText');
  const value: { [k: string]: Json } = { lat, lng };
  const tidy = label?.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, 200);
  if (tidy) value.label = tidy;
  return { ok: true, value };
}

/** Coordinates pasted as "10.7769, 106.7009" or inside a map link ("…/@10.7769,106.7009,17z", "?q=10.7769,106.7009"). */
export function coordinatesInText(text: string): { lat: number; lng: number } | undefined {
  const m =
    /^\s*(-?\d{1,2}\.\d+)\s*[,;\s]\s*(-?\d{1,3}\.\d+)\s*$/.exec(text) ??
    /(?:@|[?&](?:q|ll|query)=)(-?\d{1,2}\.\d+),\s*(-?\d{1,3}\.\d+)/.exec(text);
  return m ? { lat: Number(m[1]), lng: Number(m[2]) } : undefined;
}

function formatCoordinate(n: number): string {
  // Five decimals are about a metre: enough to find a pothole, no false precision.
  return n.toFixed(5);
}

export const locationField: FieldType<LocationStep> = {
  parse(event, step): FieldResult {
    if (event.kind === 'location') return point(event.lat, event.lng, event.label, step);
    if (event.kind !== 'text') return fail(step.allowText ? 'location.expected' : 'location.needPin');
    const coords = coordinatesInText(event.text);
    if (coords) return point(coords.lat, coords.lng, undefined, step);
    if (!step.allowText) return fail('location.needPin');
    const text = event.text.normalize('NFC').replace(/\s+/g, ' ').trim();
    const count = [...text].length;
    if (count < LOCATION_TEXT_MIN || !/\p{L}/u.test(text)) return fail('location.textTooShort', { min: LOCATION_TEXT_MIN });
    if (count > LOCATION_TEXT_MAX) return fail('location.textTooLong', { max: LOCATION_TEXT_MAX, count });
    return { ok: true, value: { text } };
  },

  display(value: Json): string {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return JSON.stringify(value);
    if (typeof value.text === 'string') return value.text;
    if (typeof value.lat !== 'number' || typeof value.lng !== 'number') return JSON.stringify(value);
    const coords = `${formatCoordinate(value.lat)}, ${formatCoordinate(value.lng)}`;
    return typeof value.label === 'string' ? `${value.label} (${coords})` : coords;
  },

  hint(step: LocationStep, locale: Locale): string {
    return t(locale, step.allowText ? 'fields.location.hint' : 'fields.location.hintNoText');
  },
};
