import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIntentClassifier } from './intent-classifier.ts';

const classifier = createIntentClassifier([
  { intent: 'khai-sinh', examples: ['đăng ký khai sinh cho con', 'làm giấy khai sinh', 'con tôi mới sinh', 'register a birth'] },
  { intent: 'khai-tu', examples: ['đăng ký khai tử', 'làm giấy chứng tử', 'bố tôi mới mất', 'register a death'] },
  { intent: 'ket-hon', examples: ['đăng ký kết hôn', 'làm giấy kết hôn', 'hai đứa sắp cưới', 'register our marriage'] },
  { intent: 'none', examples: ['làm hộ chiếu', 'đổi bằng lái xe', 'thời tiết hôm nay', 'sổ đỏ'] },
]);

describe('createIntentClassifier', () => {
  it('reads Vietnamese with or without tones, shorthand and typos', () => {
    expect(classifier.classify('dang ky khai sinh').intent).toBe('khai-sinh');
    expect(classifier.classify('đk ks cho bé').intent).toBe('khai-sinh');
    expect(classifier.classify('khai snih cho con').intent).toBe('khai-sinh');
    expect(classifier.classify('me toi moi mat').intent).toBe('khai-tu');
    expect(classifier.classify('dkkh').intent).toBe('ket-hon');
  });

  it('keeps tones apart when they were typed: "cười" (laugh) is not "cưới" (marry)', () => {
    expect(classifier.classify('cưới').intent).toBe('ket-hon');
    expect(classifier.classify('kể chuyện cười').intent).not.toBe('ket-hon');
  });

  it('gives calibrated alternatives, likeliest first, summing to at most 1', () => {
    const r = classifier.classify('đăng ký');
    const all = [r.confidence, ...r.alternatives.map((a) => a.confidence)];
    expect([...all].sort((a, b) => b - a)).toEqual(all);
    expect(all.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
    expect(r.confidence).toBeLessThan(0.9);
  });

  it('says none for what it has never seen', () => {
    for (const t of ['', '   ', '😂😂😂', 'asdfgh', '出生登记']) expect(classifier.classify(t)).toEqual({ intent: 'none', confidence: 1, alternatives: [] });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.stringMatching(/^[\d\s]{0,50}$/)), (s) => {
        const r = classifier.classify(s);
        expect(classifier.intents).toContain(r.intent);
        expect(r.confidence).toBeGreaterThan(0);
        expect(r.confidence).toBeLessThanOrEqual(1);
      }),
    );
    expect(classifier.classify('khai sinh '.repeat(5_000)).intent).toBe('khai-sinh');
  });
});
