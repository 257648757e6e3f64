/**
 * Composer drafts on both stores (in the process, and in Redis): they belong to their official,
 * keep what was changed, expire or give way to newer ones with their image freed, and are sent
 * once. With Redis, two processes share them.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { EMPTY_VALUES } from '../../src/console/broadcasts/compose-values.ts';
import type { DraftLimits, DraftStore, DropDraft } from '../../src/console/broadcasts/draft-store.ts';
import { MemoryDraftStore } from '../../src/console/broadcasts/memory-draft-store.ts';
import { RedisDraftStore } from '../../src/console/broadcasts/redis-draft-store.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';

const redis = new Redis(testRedisUrl());
afterAll(() => redis.quit());

type Make = (onDrop: DropDraft, limits: DraftLimits, now: () => number) => DraftStore;
const stores: [string, Make][] = [
  ['memory', (onDrop, limits, now) => new MemoryDraftStore(onDrop, limits, now)],
  ['redis', (onDrop, limits, now) => new RedisDraftStore(redis, uniquePrefix('drafts'), onDrop, limits, now)],
];

describe.each(stores)('%s draft store', (_name, make) => {
  let now = 1_000_000;
  const dropped: string[] = [];
  const drafts = make((d) => dropped.push(`${d.id}:${d.imageId ?? ''}`), { idleMs: 1000, perOwner: 2 }, () => now);

  it('belong to their official; an id of the wrong shape is nobody’s', async () => {
    const a = await drafts.create('bao', EMPTY_VALUES);
    expect((await drafts.get(a.id, 'bao'))?.id).toBe(a.id);
    expect(await drafts.get(a.id, 'lan')).toBeNull();
    for (const bad of ['../../etc/passwd', '', undefined, `${a.id}x`]) expect(await drafts.get(bad, 'bao')).toBeNull();
    await drafts.discard(a.id);
  });

  it('keep what was changed: texts, image and schedule', async () => {
    const d = await drafts.create('bao', EMPTY_VALUES);
    d.values = { ...EMPTY_VALUES, textVi: 'Phường tạm ngưng tiếp dân chiều nay.', wards: ['26734'], topics: ['general'], channels: ['zalo'] };
    d.imageId = 'img-1';
    d.scheduledAt = '2026-12-01T01:00:00.000Z';
    await drafts.save(d);
    const again = await drafts.get(d.id, 'bao');
    expect(again).toMatchObject({ values: d.values, imageId: 'img-1', scheduledAt: '2026-12-01T01:00:00.000Z' });
    await drafts.discard(d.id);
    expect(dropped.pop()).toBe(`${d.id}:img-1`);
  });

  it('keep at most N per official, the oldest freed first; a sent one frees nothing', async () => {
    dropped.length = 0;
    const a = await drafts.create('bao', EMPTY_VALUES);
    a.imageId = 'img-a';
    await drafts.save(a);
    now += 10;
    const b = await drafts.create('bao', EMPTY_VALUES);
    now += 10;
    await drafts.create('lan', EMPTY_VALUES); // another official's count is their own
    const c = await drafts.create('bao', EMPTY_VALUES);
    expect(dropped).toEqual([`${a.id}:img-a`]);
    expect(await drafts.get(a.id, 'bao')).toBeNull();
    await drafts.sent(b.id);
    expect(await drafts.get(b.id, 'bao')).toBeNull();
    expect(dropped).toHaveLength(1);
    // Saving a draft that was sent meanwhile does not bring it back.
    await drafts.save(b);
    expect(await drafts.get(b.id, 'bao')).toBeNull();
    await drafts.discard(c.id);
  });

  it('drop a draft left idle, freeing its image, when the next draft request comes', async () => {
    dropped.length = 0;
    const d = await drafts.create('bao', EMPTY_VALUES);
    d.imageId = 'img-idle';
    await drafts.save(d);
    now += 500;
    expect(await drafts.get(d.id, 'bao')).not.toBeNull(); // used: idle time starts again
    now += 900;
    expect(await drafts.get(d.id, 'bao')).not.toBeNull();
    now += 1001;
    await drafts.get('x', 'lan');
    expect(dropped).toContain(`${d.id}:img-idle`);
    expect(await drafts.get(d.id, 'bao')).toBeNull();
  });

  it('are claimed for sending once, and can be given back', async () => {
    const d = await drafts.create('bao', EMPTY_VALUES);
    expect(await drafts.claim(d)).toBe(true);
    expect(await drafts.claim(d)).toBe(false);
    await drafts.unclaim(d);
    expect(await drafts.claim(d)).toBe(true);
    await drafts.sent(d.id);
  });
});

describe('drafts in Redis', () => {
  const prefix = uniquePrefix('drafts-shared');
  const one = new RedisDraftStore(redis, prefix);
  const other = new RedisDraftStore(redis, prefix);

  it('are shared by two processes, the claim included', async () => {
    const d = await one.create('bao', EMPTY_VALUES);
    d.values = { ...EMPTY_VALUES, textVi: 'Lịch tiêm chủng tháng 12' };
    await one.save(d);
    const seen = await other.get(d.id, 'bao');
    expect(seen?.values.textVi).toBe('Lịch tiêm chủng tháng 12');
    expect(await one.claim(d)).toBe(true);
    expect(await other.claim(seen!)).toBe(false);
    await other.sent(d.id);
    expect(await one.get(d.id, 'bao')).toBeNull();
  });

  it('reads a stored value that does not parse as no draft', async () => {
    const d = await one.create('bao', EMPTY_VALUES);
    await redis.set(`${prefix}console:draft:${d.id}`, JSON.stringify({ ...d, values: { textVi: 42 } }));
    expect(await other.get(d.id, 'bao')).toBeNull();
    await redis.set(`${prefix}console:draft:${d.id}`, 'not json');
    expect(await other.get(d.id, 'bao')).toBeNull();
  });
});
