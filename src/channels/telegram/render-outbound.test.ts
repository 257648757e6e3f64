import { describe, expect, it } from 'vitest';
import { renderOutbound, type RenderContext } from './render-outbound.ts';

const ctx = (shown = false): RenderContext => ({
  replyKeyboardShown: shown,
  labels: { shareContact: 'SHARE', shareLocation: 'WHERE', chooseBelow: 'CHOOSE' },
  callbackData: (v) => v,
});

describe('renderOutbound', () => {
  it('escapes text and keeps the plain version for the fallback', () => {
    const [s] = renderOutbound([{ text: 'a < b & c' }], ctx());
    expect(s).toMatchObject({ html: 'a &lt; b &amp; c', plain: 'a < b & c' });
  });

  it('puts long labels one per row and short ones two per row', () => {
    const long = renderOutbound([{ text: 'q', choices: [{ label: 'Đăng ký khai sinh cho con', value: 'a' }, { label: 'Khác', value: 'b' }] }], ctx());
    expect(long[0]?.markup).toEqual({ inline_keyboard: [[{ text: 'Đăng ký khai sinh cho con', callback_data: 'a' }], [{ text: 'Khác', callback_data: 'b' }]] });
    const short = renderOutbound([{ text: 'q', choices: ['1', '2', '3'].map((v) => ({ label: v, value: v })) }], ctx());
    expect(short[0]?.markup).toMatchObject({ inline_keyboard: [[{ text: '1' }, { text: '2' }], [{ text: '3' }]] });
  });

  it('uses a caption when the text fits, else a photo then the text', () => {
    const img = { data: new Uint8Array([1]), mime: 'image/png' };
    const a = renderOutbound([{ text: 'QR', image: img, choices: [{ label: 'Đã trả', value: 'paid' }] }], ctx());
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ html: 'QR', photo: img, buttons: new Map([['paid', 'Đã trả']]) });
    const b = renderOutbound([{ text: 'x'.repeat(2000), image: img }], ctx());
    expect(b.map((s) => [s.photo !== undefined, s.html.length])).toEqual([[true, 0], [false, 2000]]);
  });

  it('gives choices without text a short prompt', () => {
    expect(renderOutbound([{ text: '', choices: [{ label: 'A', value: 'a' }] }], ctx())[0]?.html).toBe('CHOOSE');
    expect(renderOutbound([{ text: '  ' }], ctx())).toEqual([]);
  });

  it('adds choices to a contact request as text buttons', () => {
    const [s] = renderOutbound([{ text: 'Số?', requestContact: true, choices: [{ label: 'Bỏ qua', value: 'skip' }] }], ctx());
    expect(s?.markup).toEqual({ keyboard: [[{ text: 'SHARE', request_contact: true }], [{ text: 'Bỏ qua' }]], one_time_keyboard: true, resize_keyboard: true });
    expect(s?.replyKeyboard).toBe(true);
  });

  it('removes a shown reply keyboard on the first message without markup only', () => {
    const sends = renderOutbound([{ text: 'q', choices: [{ label: 'A', value: 'a' }] }, { text: 'b' }, { text: 'c' }], ctx(true));
    expect(sends.map((s) => s.markup && Object.keys(s.markup)[0])).toEqual(['inline_keyboard', 'remove_keyboard', undefined]);
  });
});
