import { describe, expect, it } from 'vitest';
import { ChatState } from './chat-state.ts';

describe('ChatState.callbackData', () => {
  it('keeps values that fit in 64 bytes and maps longer ones to short ids', () => {
    const s = new ChatState();
    expect(s.callbackData('sex:female')).toBe('sex:female');
    const long = `ward:${'x'.repeat(70)}`;
    const id = s.callbackData(long);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(64);
    expect(s.resolve(id)).toBe(long);
    expect(s.resolve('sex:female')).toBe('sex:female');
    expect(s.resolve('~unknown')).toBeUndefined();
    // Multi-byte characters count in bytes, not characters.
    expect(s.callbackData('đ'.repeat(40))).toMatch(/^~/);
  });
});
