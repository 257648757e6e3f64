/** `motcua classify` on bad input: every line gets one JSON result, nothing crashes. */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runClassify } from '../../src/cli/classify.ts';
import { evaluationFlows } from './evaluate.ts';

const { flows } = evaluationFlows();
const INTENTS = new Set([...flows.map((f) => f.id), 'status', 'human', 'help', 'none']);

async function classify(input: string): Promise<Record<string, unknown>[]> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await runClassify(Readable.from([input]), out, flows);
  out.end();
  return Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('runClassify', () => {
  it('prints one result per line in the documented shape', async () => {
    const [r] = await classify('đăng ký khai sinh cho con\n');
    expect(Object.keys(r!)).toEqual(['text', 'intent', 'confidence', 'alternatives']);
    expect(r!.intent).toBe('khai-sinh');
    expect(String(r!.confidence)).toMatch(/^(0(\.\d{1,3})?|1)$/);
  });

  it('survives empty, huge, emoji, digits, mixed scripts and control characters', async () => {
    const lines = ['', '   ', 'x'.repeat(10_000), 'khai sinh '.repeat(1_000), '😂😂😂', '🇻🇳', '0123456789', '１２３', 'khai sinh 出生登记 регистрация', 'مرحبا', '\u0000\u0007\u001b[31m', '\uFEFFlàm hộ chiếu', '\uD800 lone surrogate'];
    const results = await classify(`${lines.join('\n')}\r\nlast line without newline`);
    expect(results).toHaveLength(lines.length + 1);
    for (const r of results) {
      expect(INTENTS.has(String(r.intent))).toBe(true);
      expect(typeof r.confidence).toBe('number');
      expect(Array.isArray(r.alternatives)).toBe(true);
    }
    expect(results[0]).toEqual({ text: '', intent: 'none', confidence: 1, alternatives: [] });
    expect(results[4]!.intent).toBe('none');
    expect(results[6]!.intent).toBe('none');
    expect(results[3]!.intent).toBe('khai-sinh');
    expect(results[lines.length]!.text).toBe('last line without newline');
  });

  it('keeps up with a long input', async () => {
    const input = Array.from({ length: 5_000 }, (_, i) => `đăng ký kết hôn ${i}`).join('\n');
    const started = performance.now();
    expect(await classify(input)).toHaveLength(5_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
