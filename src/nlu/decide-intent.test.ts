import { describe, expect, it } from 'vitest';
import { decideIntent, INTENT_THRESHOLD } from './decide-intent.ts';

const FLOWS = ['khai-sinh', 'khai-tu', 'ket-hon'];
const result = (intent: string, confidence: number, ...alternatives: [string, number][]) => ({
  intent,
  confidence,
  alternatives: alternatives.map(([i, c]) => ({ intent: i, confidence: c })),
});

describe('decideIntent', () => {
  it('starts a procedure only when confident', () => {
    expect(decideIntent(result('khai-sinh', INTENT_THRESHOLD + 0.01), FLOWS)).toEqual({ kind: 'intent', intent: 'khai-sinh' });
    expect(decideIntent(result('khai-sinh', 0.5, ['khai-tu', 0.4]), FLOWS)).toEqual({ kind: 'clarify', options: ['khai-sinh', 'khai-tu'] });
  });

  it('offers two or three likely procedures, never a service or none', () => {
    const d = decideIntent(result('khai-sinh', 0.4, ['help', 0.2], ['khai-tu', 0.2], ['ket-hon', 0.15], ['none', 0.05]), FLOWS);
    expect(d).toEqual({ kind: 'clarify', options: ['khai-sinh', 'khai-tu', 'ket-hon'] });
    const two = decideIntent(result('khai-sinh', 0.5, ['none', 0.45], ['khai-tu', 0.01]), FLOWS);
    expect(two).toEqual({ kind: 'clarify', options: ['khai-sinh', 'khai-tu'] });
  });

  it('says out of scope rather than offer a long shot', () => {
    expect(decideIntent(result('none', 0.9, ['khai-sinh', 0.05]), FLOWS)).toEqual({ kind: 'none' });
    expect(decideIntent(result('none', 0.4, ['khai-sinh', 0.2], ['khai-tu', 0.2]), FLOWS)).toEqual({ kind: 'none' });
    expect(decideIntent(result('none', 0.45, ['khai-sinh', 0.2], ['help', 0.05]), FLOWS)).toEqual({ kind: 'none' });
  });

  it('shows the menu for a vague request', () => {
    expect(decideIntent(result('none', 0.3, ['help', 0.22], ['ket-hon', 0.13]), FLOWS)).toEqual({ kind: 'intent', intent: 'help' });
  });

  it('acts on status, human and help at a lower bar', () => {
    expect(decideIntent(result('status', 0.5, ['khai-sinh', 0.3]), FLOWS)).toEqual({ kind: 'intent', intent: 'status' });
  });
});
