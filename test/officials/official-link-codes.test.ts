/** Chat-link codes: one live code per official, valid 10 minutes, spent on use — in memory and in Redis. */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { OfficialChat } from '../../src/officials/official.ts';
import { MemoryLinkCodes, OfficialLinkCodes, type PendingLinkCodes } from '../../src/officials/official-links.ts';
import { RedisLinkCodes } from '../../src/officials/redis-link-codes.ts';
import { deleteKeys, testRedisUrl, uniquePrefix } from '../support/redis.ts';

const prefix = uniquePrefix('link-codes');
const redis = new Redis(testRedisUrl());
afterAll(async () => {
  await deleteKeys(testRedisUrl(), prefix);
  await redis.quit();
});

let n = 0;
const STORES: [string, () => PendingLinkCodes][] = [
  ['memory', () => new MemoryLinkCodes()],
  ['Redis', () => new RedisLinkCodes(redis, `${prefix}${++n}:`)],
];
const chat = { channel: 'telegram' as const, chatId: '42', locale: 'en' as const };

describe.each(STORES)('official link codes in %s', (_name, store) => {
  it('issues one live code per official, valid 10 minutes, spent on use', async () => {
    let now = new Date();
    const linked: [string, OfficialChat | null][] = [];
    const codes = new OfficialLinkCodes({ setChat: async (u, c) => (linked.push([u, c]), true), get: async () => null }, () => now, undefined, store());
    const first = await codes.issue('bao');
    const second = await codes.issue('bao');
    expect(second.code).toMatch(/^\d{6}$/);
    expect((await codes.pending('bao'))?.code).toBe(second.code);
    if (first.code !== second.code) expect(await codes.redeem(first.code, chat)).toBeNull();
    now = new Date(now.getTime() + 9 * 60_000);
    expect(await codes.redeem(second.code, chat)).toEqual({ username: 'bao' });
    expect(linked).toEqual([['bao', { ...chat, linkedAt: now.toISOString() }]]);
    expect(await codes.redeem(second.code, chat)).toBeNull();
    expect(await codes.pending('bao')).toBeNull();
    const third = await codes.issue('bao');
    now = new Date(now.getTime() + 10 * 60_000 + 1);
    expect(await codes.redeem(third.code, chat)).toBeNull();
    expect(await codes.pending('bao')).toBeNull();
  });

  it('never gives two officials the same live code, and a code works once when two chats race for it', async () => {
    const s = store();
    const now = Date.now();
    expect(await s.put('123456', 'lan', now + 60_000, now)).toBe(true);
    expect(await s.put('123456', 'an', now + 60_000, now)).toBe(false);
    const takes = await Promise.all([s.take('123456', now), s.take('123456', now)]);
    expect(takes.filter((t) => t !== null)).toEqual(['lan']);
  });
});

describe('official link codes in Redis', () => {
  it('are redeemed by another process than the one that showed them', async () => {
    const p = `${prefix}shared:`;
    const other = new Redis(testRedisUrl());
    try {
      const officials = { setChat: async () => true, get: async () => null };
      const shown = new OfficialLinkCodes(officials, undefined, undefined, new RedisLinkCodes(redis, p));
      const typed = new OfficialLinkCodes(officials, undefined, undefined, new RedisLinkCodes(other, p));
      const { code } = await shown.issue('lan');
      expect(await typed.redeem(code, chat)).toEqual({ username: 'lan' });
      expect(await shown.pending('lan')).toBeNull();
    } finally {
      await other.quit();
    }
  });
});
