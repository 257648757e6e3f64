/**
 * One contract, two stores: the memory store and Redis (a real server) must behave alike —
 * ordering of turns, redelivery, sessions, chat logs and idempotent dossiers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory-store.ts';
import { createRedisStore } from '../../src/store/redis-store.ts';
import type { Store } from '../../src/store/store.ts';
import type { Dossier } from '../../src/dossiers/dossier.ts';
import { newTrackingCode } from '../../src/dossiers/tracking-code.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';

const stores: [string, () => Store][] = [
  ['memory', () => createMemoryStore()],
  ['redis', () => createRedisStore({ url: testRedisUrl(), prefix: uniquePrefix('contract'), leaseMs: 500, waitMs: 5_000 })],
];

function dossier(over: Partial<Dossier> = {}): Dossier {
  const now = new Date().toISOString();
  return {
    code: newTrackingCode(),
    submissionKey: `run-${Math.random()}`,
    procedureId: 'khai-sinh',
    procedureVersion: 1,
    answers: { child_name: 'Nguyễn Minh Khôi' },
    photos: [],
    applicant: { name: 'Trần Thị Mai' },
    submitter: { channel: 'web', chatId: 'c1', userId: 'c1', self: true },
    notify: [{ channel: 'web', chatId: 'c1', locale: 'vi' }],
    status: 'submitted',
    history: [{ at: now, status: 'submitted', by: 'citizen' }],
    amendments: [],
    followers: [],
    submittedAt: now,
    updatedAt: now,
    ...over,
  };
}

describe.each(stores)('%s store', (_name, make) => {
  const store = make();
  afterAll(() => store.close());

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('stores, reads and deletes a session within turns', async () => {
    const t1 = await store.sessions.begin('web:a', 'm1');
    expect(t1.duplicate).toBe(false);
    expect(t1.session).toBeNull();
    await t1.commit('{"x":1}');
    const t2 = await store.sessions.begin('web:a', 'm2');
    expect(t2.session).toBe('{"x":1}');
    await t2.commit(undefined);
    expect(await store.sessions.peek('web:a')).toBe('{"x":1}');
    const t3 = await store.sessions.begin('web:a', 'm3');
    await t3.commit(null);
    expect(await store.sessions.peek('web:a')).toBeNull();
  });

  it('drops a redelivered message id, but not one whose turn was released', async () => {
    const t1 = await store.sessions.begin('web:b', 'same');
    await t1.commit('{}');
    const again = await store.sessions.begin('web:b', 'same');
    expect(again.duplicate).toBe(true);
    await again.release();
    const t2 = await store.sessions.begin('web:b', 'retry-me');
    await t2.release();
    const t3 = await store.sessions.begin('web:b', 'retry-me');
    expect(t3.duplicate).toBe(false);
    await t3.commit(undefined);
  });

  it('runs turns of one chat strictly in arrival order, without lost updates', async () => {
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const turn = await store.sessions.begin('web:order', `o${i}`);
        const n = turn.session ? (JSON.parse(turn.session) as number) : 0;
        order.push(i);
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        await turn.commit(String(n + 1));
      }),
    );
    expect(order).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(await store.sessions.peek('web:order')).toBe('30');
  });

  it('runs different chats concurrently', async () => {
    const a = await store.sessions.begin('web:p', 'x');
    // If chats shared a lock, this would wait for `a` forever.
    const b = await store.sessions.begin('web:q', 'x');
    await b.commit('1');
    await a.commit('1');
  });

  it('keeps a chat log with increasing sequence numbers', async () => {
    const seqs = await store.chatLog.append('web:log', [{ text: 'một' }, { text: 'hai', choices: [{ label: 'Có', value: 'yes' }] }]);
    expect(seqs).toEqual([1, 2]);
    await store.chatLog.append('web:log', [{ text: 'ba' }]);
    const after1 = await store.chatLog.after('web:log', 1, 10);
    expect(after1.map((e) => e.message.text)).toEqual(['hai', 'ba']);
    expect(after1[0]?.message.choices).toEqual([{ label: 'Có', value: 'yes' }]);
    await store.chatLog.delete('web:log');
    expect(await store.chatLog.after('web:log', 0, 10)).toEqual([]);
  });

  it('creates a dossier once per submission key', async () => {
    const d = dossier();
    const first = await store.dossiers.create(d);
    const second = await store.dossiers.create({ ...d, code: newTrackingCode() });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.dossier.code).toBe(d.code);
    expect(await store.dossiers.get(d.code)).toEqual(d);
    expect(await store.dossiers.byChat('web:c1')).toContain(d.code);
  });

  it('lists newest first with filters, updates, and unlinks a chat', async () => {
    const older = dossier({ submittedAt: '2026-01-01T00:00:00.000Z', procedureId: 'phan-anh', notify: [{ channel: 'web', chatId: 'z9', locale: 'vi' }] });
    const newer = dossier({ submittedAt: '2026-02-01T00:00:00.000Z', procedureId: 'phan-anh', notify: [{ channel: 'web', chatId: 'z9', locale: 'vi' }] });
    await store.dossiers.create(older);
    await store.dossiers.create(newer);
    const listed = await store.dossiers.list({ procedureId: 'phan-anh', limit: 10 });
    expect(listed.map((d) => d.code)).toEqual([newer.code, older.code]);
    const updated = await store.dossiers.update(older.code, (d) => ({ ...d, status: 'received' }));
    expect(updated?.status).toBe('received');
    expect((await store.dossiers.list({ procedureId: 'phan-anh', status: 'received', limit: 10 })).map((d) => d.code)).toEqual([older.code]);
    await store.dossiers.unlinkChat('web:z9');
    expect(await store.dossiers.byChat('web:z9')).toEqual([]);
    expect((await store.dossiers.get(newer.code))?.notify).toEqual([]);
    expect(await store.dossiers.update('HS-XXXX-XXXX', (d) => d)).toBeNull();
  });

  it('filters the list by ward, submitted date range and code (case and dashes optional), newest first, paged', async () => {
    const q = (over: Partial<Dossier>) => dossier({ procedureId: 'query-test', ...over });
    const a = q({ submittedAt: '2026-03-01T01:00:00.000Z', ward: 'Phường Bến Thành', wardCode: '26734' });
    const b = q({ submittedAt: '2026-03-02T01:00:00.000Z', ward: 'Phường Sài Gòn', wardCode: '26740' });
    const c = q({ submittedAt: '2026-03-03T01:00:00.000Z', ward: 'Phường Bến Thành', wardCode: '26734', status: 'received' });
    const d = q({ submittedAt: '2026-03-04T01:00:00.000Z' });
    for (const x of [a, b, c, d]) await store.dossiers.create(x);
    const codes = async (over: Omit<Parameters<Store['dossiers']['list']>[0], 'limit'> & { limit?: number }) =>
      (await store.dossiers.list({ procedureId: 'query-test', limit: 10, ...over })).map((x) => x.code);
    expect(await codes({})).toEqual([d.code, c.code, b.code, a.code]);
    expect(await codes({ ward: 'ben thanh' })).toEqual([c.code, a.code]);
    expect(await codes({ ward: 'BẾN THÀNH' })).toEqual([c.code, a.code]);
    expect(await codes({ ward: '26740' })).toEqual([b.code]);
    expect(await codes({ ward: 'ben thanh', status: 'submitted' })).toEqual([a.code]);
    // From inclusive, before exclusive.
    expect(await codes({ submittedFrom: '2026-03-02T01:00:00.000Z', submittedBefore: '2026-03-04T01:00:00.000Z' })).toEqual([c.code, b.code]);
    expect(await codes({ submittedFrom: '2026-03-03T00:00:00.000Z' })).toEqual([d.code, c.code]);
    expect(await codes({ submittedBefore: '2026-03-02T00:00:00.000Z' })).toEqual([a.code]);
    const bare = b.code.slice(3).replace('-', '').toLowerCase();
    expect(await codes({ code: bare })).toEqual([b.code]);
    expect(await codes({ code: b.code.toLowerCase() })).toEqual([b.code]);
    expect(await codes({ code: ` ${b.code.slice(3, 9)} ` })).toEqual([b.code]);
    expect(await codes({ code: 'HS-ZZZZ-ZZZZ' })).toEqual([]);
    expect(await codes({ limit: 2 })).toEqual([d.code, c.code]);
    expect(await codes({ limit: 2, offset: 2 })).toEqual([b.code, a.code]);
    expect(await codes({ ward: 'ben thanh', limit: 1, offset: 1 })).toEqual([a.code]);
  });

  it('serialises concurrent dossier updates without losing one', async () => {
    const d = dossier({ answers: { n: 0 } });
    await store.dossiers.create(d);
    await Promise.all(
      Array.from({ length: 10 }, () => store.dossiers.update(d.code, (x) => ({ ...x, answers: { n: (x.answers.n as number) + 1 } }))),
    );
    expect((await store.dossiers.get(d.code))?.answers.n).toBe(10);
  });
});

describe.each(stores)('%s store counters', (_name, make) => {
  const store = make();
  afterAll(() => store.close());
  it('counts hits in a window, separately per key', async () => {
    expect(await store.counters.hit('pin:a', 60)).toBe(1);
    expect(await store.counters.hit('pin:a', 60)).toBe(2);
    expect(await store.counters.hit('pin:b', 60)).toBe(1);
  });
});

describe.each(stores)('%s store subscriptions', (_name, make) => {
  const store = make();
  afterAll(() => store.close());
  it('keeps one subscription per chat and selects segments', async () => {
    const since = new Date().toISOString();
    await store.subscriptions.put({ channel: 'web', chatId: 'a', locale: 'vi', wardCode: '26734', ward: 'Phường Bến Thành', topics: ['civil_status', 'emergency'], since });
    await store.subscriptions.put({ channel: 'telegram', chatId: '42', locale: 'en', wardCode: '26734', topics: ['business'], since });
    await store.subscriptions.put({ channel: 'zalo', chatId: 'z', locale: 'vi', wardCode: '27007', topics: ['emergency'], since });
    await store.subscriptions.put({ channel: 'web', chatId: 'a', locale: 'vi', wardCode: '26734', topics: ['emergency'], since });
    const ids = async (seg: Parameters<typeof store.subscriptions.list>[0]) => (await store.subscriptions.list(seg)).map((s) => s.chatId).sort();
    expect(await ids({})).toEqual(['42', 'a', 'z']);
    expect(await ids({ wardCodes: ['26734'] })).toEqual(['42', 'a']);
    expect(await ids({ topics: ['emergency'] })).toEqual(['a', 'z']);
    expect(await ids({ wardCodes: ['26734'], locales: ['en'] })).toEqual(['42']);
    expect(await ids({ channels: ['zalo', 'telegram'] })).toEqual(['42', 'z']);
    expect(await store.subscriptions.remove('web:a')).toBe(true);
    expect(await store.subscriptions.remove('web:a')).toBe(false);
    expect(await store.subscriptions.get('web:a')).toBeNull();
  });
});
