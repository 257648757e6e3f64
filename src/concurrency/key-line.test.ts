import { describe, expect, it } from 'vitest';
import { KeyLine } from './key-line.ts';

describe('KeyLine', () => {
  it('grants a key to one holder at a time, in request order, other keys alongside, and forgets idle keys', async () => {
    const line = new KeyLine();
    const log: string[] = [];
    expect(line.tryTake('a')).toBe(true);
    expect(line.tryTake('a')).toBe(false);
    expect(line.tryTake('b')).toBe(true);
    const waits = ['a2', 'a3'].map((name) => line.wait('a').then(() => log.push(name)));
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual([]);
    line.leave('b');
    line.leave('a');
    await waits[0];
    expect(log).toEqual(['a2']);
    line.leave('a');
    await waits[1];
    expect(log).toEqual(['a2', 'a3']);
    line.leave('a');
    expect(line.size).toBe(0);
    expect(line.tryTake('a')).toBe(true);
  });
});
