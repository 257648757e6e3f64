import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.ts';

describe('RecentIds', () => {
  it('reports a repeat and forgets the oldest beyond its capacity', () => {
    const r = new RecentIds(3);
    expect([1, 2, 3].map((id) => r.add(id))).toEqual([true, true, true]);
    expect(r.add(2)).toBe(false);
    expect(r.add(4)).toBe(true);
    expect(r.has(1)).toBe(false);
    expect(r.add(1)).toBe(true);
    expect(r.has(2)).toBe(false);
    expect(r.has(3) && r.has(4) && r.has(1)).toBe(true);
  });
});
