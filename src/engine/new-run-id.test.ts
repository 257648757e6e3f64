import { describe, expect, it } from 'vitest';
import { newRunId } from './new-run-id.ts';

describe('newRunId', () => {
  it('gives 12 base64url characters (9 bytes), different every time, across pool refills', () => {
    const ids = Array.from({ length: 1000 }, () => newRunId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
