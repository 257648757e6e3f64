import { describe, expect, it } from 'vitest';
import { coordinatesInText, inVietnam, locationField } from './location-field.ts';
import { errorKey, makeCtx, makeStep, rendered, text, valueOf } from './field-test-kit.ts';

const ctx = makeCtx();
const step = makeStep('location');
const pinOnly = makeStep('location', { allowText: false });
const pin = (lat: number, lng: number, label?: string): { kind: 'location'; lat: number; lng: number; label?: string } =>
  label === undefined ? { kind: 'location', lat, lng } : { kind: 'location', lat, lng, label };

const PLACES_IN: [string, number, number][] = [
  ['Bến Thành, TP. Hồ Chí Minh', 10.7725, 106.698],
  ['Hồ Gươm, Hà Nội', 21.0285, 105.8522],
  ['Lũng Cú, Tuyên Quang (northernmost)', 23.3639, 105.3158],
  ['A Pa Chải, Điện Biên (westernmost)', 22.4, 102.144],
  ['Mũi Cà Mau (southernmost mainland)', 8.5586, 104.7233],
  ['Phú Quốc', 10.2899, 103.984],
  ['Thổ Chu', 9.2833, 103.4667],
  ['Côn Đảo', 8.6833, 106.6],
  ['Bạch Long Vĩ', 20.133, 107.733],
  ['Hoàng Sa (Phú Lâm)', 16.8333, 112.3333],
  ['Trường Sa Lớn', 8.6444, 111.9197],
  ['Song Tử Tây', 11.4297, 114.3306],
];

const PLACES_OUT: [string, number, number][] = [
  ['Bangkok', 13.7563, 100.5018],
  ['Singapore', 1.3521, 103.8198],
  ['Kuala Lumpur', 3.139, 101.6869],
  ['Manila', 14.5995, 120.9842],
  ['Guangzhou', 23.1291, 113.2644],
  ['Paris', 48.8566, 2.3522],
  ['Null Island', 0, 0],
  ['Sydney', -33.8688, 151.2093],
];

describe('locationField', () => {
  it.each(PLACES_IN)('accepts a pin at %s', (_name, lat, lng) => {
    expect(inVietnam(lat, lng)).toBe(true);
    expect(valueOf(locationField.parse(pin(lat, lng), step, ctx))).toEqual({ lat, lng });
  });

  it.each(PLACES_OUT)('refuses a pin at %s with a friendly message', (_name, lat, lng) => {
    expect(inVietnam(lat, lng)).toBe(false);
    const r = locationField.parse(pin(lat, lng), step, ctx);
    expect(errorKey(r)).toBe('location.outside');
    expect(rendered(r)).toContain('ngoài Việt Nam');
    expect(errorKey(locationField.parse(pin(lat, lng), pinOnly, ctx))).toBe('location.outsideNoText');
  });

  it('keeps a tidy label', () => {
    expect(valueOf(locationField.parse(pin(10.7725, 106.698, '  Chợ   Bến Thành '), step, ctx))).toEqual({ lat: 10.7725, lng: 106.698, label: 'Chợ Bến Thành' });
    expect(valueOf(locationField.parse(pin(10.7725, 106.698, '   '), step, ctx))).toEqual({ lat: 10.7725, lng: 106.698 });
  });

  it.each([
    [Number.NaN, 106],
    [10, Number.POSITIVE_INFINITY],
    [91, 106],
    [10, 181],
  ])('refuses an invalid pin (%d, %d)', (lat, lng) => {
    const r = locationField.parse(pin(lat, lng), step, ctx);
    expect(errorKey(r)).toBe('location.invalid');
    rendered(r);
  });

  it('accepts a typed description when the step allows it', () => {
    expect(valueOf(locationField.parse(text('  trước số 12  Lê Lợi, phường Bến Thành '), step, ctx))).toEqual({ text: 'trước số 12 Lê Lợi, phường Bến Thành' });
  });

  it.each([
    ['đây', 'location.textTooShort'],
    ['12345', 'location.textTooShort'],
    ['x'.repeat(301), 'location.textTooLong'],
  ])('refuses the description %j with %s', (input, key) => {
    const r = locationField.parse(text(input), step, ctx);
    expect(errorKey(r)).toBe(key);
    rendered(r);
  });

  it('asks for a pin when the step takes no text', () => {
    const r = locationField.parse(text('trước số 12 Lê Lợi'), pinOnly, ctx);
    expect(errorKey(r)).toBe('location.needPin');
    rendered(r);
    expect(errorKey(locationField.parse({ kind: 'choice', value: 'x' }, step, ctx))).toBe('location.expected');
  });

  it('reads coordinates and map links typed as text, even without text answers', () => {
    expect(valueOf(locationField.parse(text('10.7725, 106.698'), pinOnly, ctx))).toEqual({ lat: 10.7725, lng: 106.698 });
    expect(coordinatesInText('https://www.google.com/maps/@10.7725,106.698,17z')).toEqual({ lat: 10.7725, lng: 106.698 });
    expect(coordinatesInText('https://maps.google.com/?q=21.0285,105.8522')).toEqual({ lat: 21.0285, lng: 105.8522 });
    expect(coordinatesInText('số 12 Lê Lợi')).toBeUndefined();
    expect(errorKey(locationField.parse(text('48.8566, 2.3522'), step, ctx))).toBe('location.outside');
  });

  it('displays a label, coordinates or the text', () => {
    expect(locationField.display({ lat: 10.7725, lng: 106.698 }, step, 'vi')).toBe('10.77250, 106.69800');
    expect(locationField.display({ lat: 10.7725, lng: 106.698, label: 'Chợ Bến Thành' }, step, 'vi')).toBe('Chợ Bến Thành (10.77250, 106.69800)');
    expect(locationField.display({ text: 'trước số 12 Lê Lợi' }, step, 'vi')).toBe('trước số 12 Lê Lợi');
    expect(locationField.hint?.(step, 'vi')).toContain('gõ mô tả');
    expect(locationField.hint?.(pinOnly, 'vi')).not.toContain('gõ mô tả');
  });
});
