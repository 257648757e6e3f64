/**
 * Speculative turns: a quick message on a chat whose last turn ran in this process starts from
 * the process's copy of the session and commits in one round trip — but only while that copy
 * is still what Redis holds. Two stores on one Redis play two processes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { isMotcuaError } from '../../src/errors.ts';
import { createRedisClient, createRedisStore } from '../../src/store/redis-store.ts';
import type { ChatTurn, Store } from '../../src/store/store.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';

/** A store whose client counts the commands it sends. */
function countingStore(prefix: string, sessionCopies = 100): { store: Store; sent: string[] } {
  const client = createRedisClient(testRedisUrl());
  const sent: string[] = [];
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: Parameters<typeof send>[0]) => {
    sent.push(command.name);
    return send(command);
  }) as typeof client.sendCommand;
  return { store: createRedisStore({ url: testRedisUrl(), prefix, leaseMs: 2_000, waitMs: 10_000, sessionCopies }, client), sent };
}

/** What the engine does with a turn: compute, commit, and start over on the turn commit answers. */
async function runTurn(store: Store, chat: string, id: string, change: (session: string | null) => string): Promise<{ attempts: number; duplicate: boolean }> {
  let turn: ChatTurn = await store.sessions.begin(chat, id, { quick: true });
  for (let attempts = 1; ; attempts++) {
    if (turn.duplicate) {
      await turn.release();
      return { attempts, duplicate: true };
    }
    const redo = await turn.commit(change(turn.session));
    if (!redo) return { attempts, duplicate: false };
    turn = redo;
  }
}

const plusOne = (s: string | null): string => String(Number(s ?? 0) + 1);

describe('speculative chat turns', () => {
  const prefix = uniquePrefix('speculative');
  const a = countingStore(prefix);
  const b = countingStore(prefix);
  afterAll(async () => {
    await a.store.close();
    await b.store.close();
  });

  it('commits a quick message in one round trip once the chat’s last turn ran here', async () => {
    // Redis learns the scripts on first use (EVAL after NOSCRIPT); count round trips after that.
    for (const id of ['w1', 'w2']) await runTurn(a.store, 'web:warm-up', id, plusOne);
    const first = await a.store.sessions.begin('web:one', 'm1', { quick: true });
    expect(first.speculative).toBe(false); // no copy yet: locked, read from Redis
    await first.commit('{"n":1}');
    a.sent.length = 0;
    const second = await a.store.sessions.begin('web:one', 'm2', { quick: true });
    expect(second.speculative).toBe(true);
    expect(second.session).toBe('{"n":1}');
    expect(a.sent).toEqual([]); // began without a round trip
    expect(await second.commit('{"n":2,"tên":"Nguyễn Văn Ánh"}')).toBeNull();
    expect(a.sent).toEqual(['evalsha']);
    expect(await a.store.sessions.peek('web:one')).toBe('{"n":2,"tên":"Nguyễn Văn Ánh"}');
    // The copy follows the commit, Vietnamese letters included.
    const third = await a.store.sessions.begin('web:one', 'm3', { quick: true });
    expect(third.session).toBe('{"n":2,"tên":"Nguyễn Văn Ánh"}');
    expect(await third.commit(null)).toBeNull();
    expect(await a.store.sessions.peek('web:one')).toBeNull();
    const fourth = await a.store.sessions.begin('web:one', 'm4', { quick: true });
    expect(fourth.speculative).toBe(true);
    expect(fourth.session).toBeNull();
    expect(await fourth.commit(undefined)).toBeNull();
  });

  it('locks first for a message that is not quick, copy or not', async () => {
    await (await a.store.sessions.begin('web:slow', 's1')).commit('x');
    const photo = await a.store.sessions.begin('web:slow', 's2');
    expect(photo.speculative).toBe(false);
    // Locked: another process's message waits for it.
    let otherRan = false;
    const other = b.store.sessions.begin('web:slow', 's3').then(async (t) => {
      otherRan = true;
      await t.commit('z');
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(otherRan).toBe(false);
    await photo.commit('y');
    await other;
    expect(await a.store.sessions.peek('web:slow')).toBe('z');
  });

  it('stores nothing from a stale copy and hands back a locked turn with the current session', async () => {
    await runTurn(a.store, 'web:stale', 'p1', () => 'from-a');
    await runTurn(b.store, 'web:stale', 'p2', () => 'from-b'); // a's copy is now stale
    const t = await a.store.sessions.begin('web:stale', 'p3', { quick: true });
    expect(t.speculative).toBe(true);
    expect(t.session).toBe('from-a');
    const redo = await t.commit('from-a, stale');
    expect(redo).not.toBeNull();
    expect(redo!.speculative).toBe(false);
    expect(redo!.session).toBe('from-b');
    expect(await a.store.sessions.peek('web:stale')).toBe('from-b');
    await redo!.commit('from-b, then a');
    expect(await a.store.sessions.peek('web:stale')).toBe('from-b, then a');
    // The message counts as processed once: its redelivery is dropped.
    expect((await runTurn(b.store, 'web:stale', 'p3', () => 'again')).duplicate).toBe(true);
  });

  it('notices a session that expired or was deleted behind its back', async () => {
    await runTurn(a.store, 'web:gone', 'g1', () => 'kept');
    await b.store.sessions.begin('web:gone', 'g2').then((t) => t.commit(null));
    const { attempts } = await runTurn(a.store, 'web:gone', 'g3', (s) => `${s ?? 'new'}`);
    expect(attempts).toBe(2);
    expect(await a.store.sessions.peek('web:gone')).toBe('new');
  });

  it('waits in line behind another process’s locked turn, then starts over on its outcome', async () => {
    await runTurn(a.store, 'web:busy', 'q1', () => '1');
    const held = await b.store.sessions.begin('web:busy', 'q2'); // b holds the chat
    const spec = await a.store.sessions.begin('web:busy', 'q3', { quick: true });
    expect(spec.session).toBe('1'); // still what Redis holds, but the chat is busy
    const redoing = spec.commit('1+q3');
    await new Promise((r) => setTimeout(r, 30));
    await held.commit('1+q2');
    const redo = await redoing;
    expect(redo?.session).toBe('1+q2');
    await redo!.commit('1+q2+q3');
    expect(await a.store.sessions.peek('web:busy')).toBe('1+q2+q3');
  });

  it('drops a redelivery that another process already handled', async () => {
    await runTurn(a.store, 'web:dup', 'd1', () => 'a');
    await runTurn(b.store, 'web:dup', 'd2', () => 'b');
    const spec = await a.store.sessions.begin('web:dup', 'd2', { quick: true });
    expect(spec.speculative).toBe(true);
    const redo = await spec.commit('should not land');
    expect(redo?.duplicate).toBe(true);
    await redo!.release();
    expect(await a.store.sessions.peek('web:dup')).toBe('b');
  });

  it('hold() locks the chat before a change outside the session, and the commit ends that lock', async () => {
    await runTurn(a.store, 'web:hold', 'h1', () => 'v1');
    const spec = await a.store.sessions.begin('web:hold', 'h2', { quick: true });
    await spec.hold();
    expect(spec.speculative).toBe(false);
    let otherRan = false;
    const other = b.store.sessions.begin('web:hold', 'h3').then(async (t) => {
      otherRan = true;
      expect(t.session).toBe('v2');
      await t.commit('v3');
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(otherRan).toBe(false);
    expect(await spec.commit('v2')).toBeNull();
    await other;
    expect(await a.store.sessions.peek('web:hold')).toBe('v3');
  });

  it('hold() on a stale copy rejects with SESSION_STALE, and commit hands back the turn to start over on', async () => {
    await runTurn(a.store, 'web:holdstale', 'k1', () => 'old');
    await runTurn(b.store, 'web:holdstale', 'k2', () => 'new');
    const spec = await a.store.sessions.begin('web:holdstale', 'k3', { quick: true });
    const error = await spec.hold().then(() => null, (e: unknown) => e);
    expect(isMotcuaError(error, 'SESSION_STALE')).toBe(true);
    const redo = await spec.commit('old+k3'); // ignored: the attempt was stale
    expect(redo?.session).toBe('new');
    await redo!.commit('new+k3');
    expect(await a.store.sessions.peek('web:holdstale')).toBe('new+k3');
  });

  it('release() of a speculative turn stores nothing and does not mark the message processed', async () => {
    await runTurn(a.store, 'web:rel', 'r1', () => 'v');
    const spec = await a.store.sessions.begin('web:rel', 'r2', { quick: true });
    await spec.release();
    const again = await a.store.sessions.begin('web:rel', 'r2', { quick: true });
    expect(again.duplicate).toBe(false);
    expect(again.speculative).toBe(true);
    await again.commit('w');
    expect(await a.store.sessions.peek('web:rel')).toBe('w');
  });

  it('loses no update when two processes take turns on one chat, every message quick', async () => {
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, Math.random() * 20));
        const { duplicate } = await runTurn(i % 2 ? a.store : b.store, 'web:shared', `s${i}`, plusOne);
        expect(duplicate).toBe(false);
        order.push(i);
      }),
    );
    expect(order).toHaveLength(40);
    expect(await a.store.sessions.peek('web:shared')).toBe('40');
  });

  it('lets go of its session once the commit is sent', async () => {
    await runTurn(a.store, 'web:drop', 'x1', () => 'v1');
    const spec = await a.store.sessions.begin('web:drop', 'x2', { quick: true });
    expect(spec.session).toBe('v1');
    const committing = spec.commit('v2');
    expect(() => spec.session).toThrow(/before its commit/);
    expect(await committing).toBeNull();
  });

  it('locks instead of speculating while this process has over 256 chats in progress', async () => {
    await runTurn(a.store, 'web:busy-process', 'b1', () => 'v');
    const open = await Promise.all(Array.from({ length: 257 }, (_, i) => a.store.sessions.begin(`web:load-${i}`, `l${i}`)));
    const underLoad = await a.store.sessions.begin('web:busy-process', 'b2', { quick: true });
    expect(underLoad.speculative).toBe(false);
    await underLoad.release();
    await Promise.all(open.map((t) => t.release()));
    // Under load the copy was dropped rather than kept up; the next turn copies again.
    const after = await a.store.sessions.begin('web:busy-process', 'b3', { quick: true });
    expect(after.speculative).toBe(false);
    await after.commit('w');
    const idle = await a.store.sessions.begin('web:busy-process', 'b4', { quick: true });
    expect(idle.speculative).toBe(true);
    expect(idle.session).toBe('w');
    await idle.release();
  });

  it('keeps copies for a bounded number of chats', async () => {
    const small = countingStore(prefix, 2);
    for (const chat of ['web:c1', 'web:c2', 'web:c3']) await runTurn(small.store, chat, `${chat}-1`, () => 'v');
    const forgotten = await small.store.sessions.begin('web:c1', 'c1-2', { quick: true });
    expect(forgotten.speculative).toBe(false);
    await forgotten.release();
    const recent = await small.store.sessions.begin('web:c3', 'c3-2', { quick: true });
    expect(recent.speculative).toBe(true);
    await recent.release();
    const none = countingStore(prefix, 0);
    await runTurn(none.store, 'web:c4', 'c4-1', () => 'v');
    const locked = await none.store.sessions.begin('web:c4', 'c4-2', { quick: true });
    expect(locked.speculative).toBe(false);
    await locked.release();
    await small.store.close();
    await none.store.close();
  });
});
