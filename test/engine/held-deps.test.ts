/**
 * A speculative turn's dependencies: every use of the store, the media or a hook waits for
 * hold(), and nothing reaches the real dependency when hold() refuses (the turn must start over).
 */
import { describe, expect, it } from 'vitest';
import { MotcuaError } from '../../src/errors.ts';
import { heldDeps } from '../../src/engine/held-deps.ts';
import type { EngineDeps } from '../../src/engine/turn.ts';
import { createHarness } from '../support/engine-harness.ts';

/** Every method of every dependency that hold() guards, called with harmless arguments. */
const USES: [string, (d: EngineDeps) => Promise<unknown>][] = [
  ['counters.hit', (d) => d.store.counters.hit('k', 60)],
  ['counters.count', (d) => d.store.counters.count('k')],
  ['subscriptions.put', (d) => d.store.subscriptions.put({ channel: 'web', chatId: 'c', locale: 'vi', wardCode: '26734', ward: 'Phường Bến Thành', topics: ['general'], since: '2026-11-29T00:00:00.000Z' })],
  ['subscriptions.get', (d) => d.store.subscriptions.get('web:c')],
  ['subscriptions.remove', (d) => d.store.subscriptions.remove('web:c')],
  ['subscriptions.list', (d) => d.store.subscriptions.list({})],
  ['chatLog.append', (d) => d.store.chatLog.append('web:c', [{ text: 'x' }])],
  ['chatLog.after', (d) => d.store.chatLog.after('web:c', 0, 10)],
  ['chatLog.position', (d) => d.store.chatLog.position('web:c')],
  ['chatLog.delete', (d) => d.store.chatLog.delete('web:c')],
  ['dossiers.get', (d) => d.store.dossiers.get('HS-2222-2222')],
  ['dossiers.list', (d) => d.store.dossiers.list({ limit: 1 })],
  ['dossiers.byChat', (d) => d.store.dossiers.byChat('web:c')],
  ['dossiers.update', (d) => d.store.dossiers.update('HS-2222-2222', (x) => x)],
  ['dossiers.unlinkChat', (d) => d.store.dossiers.unlinkChat('web:c')],
  ['store.ping', (d) => d.store.ping()],
  ['media.get', (d) => d.media.get('none')],
  ['media.delete', (d) => d.media.delete('none')],
  ['media.put', (d) => d.media.put(new Uint8Array([1]), 'image/jpeg')],
  ['onSubmitted', (d) => d.onSubmitted!({} as never)],
  ['dossierActions.completeSupplement', (d) => d.dossierActions!.completeSupplement('HS-2222-2222', {} as never)],
  ['officialLinks.redeem', (d) => d.officialLinks!.redeem('123456', { channel: 'web', chatId: 'c', locale: 'vi' })],
];

describe('heldDeps', () => {
  const { deps } = createHarness();
  const reached: string[] = [];
  // Each guarded dependency records that it was reached.
  const base: EngineDeps = {
    ...deps,
    onSubmitted: async () => void reached.push('onSubmitted'),
    dossierActions: { completeSupplement: async () => (reached.push('dossierActions.completeSupplement'), null) },
    officialLinks: { redeem: async () => (reached.push('officialLinks.redeem'), null) },
  };

  it.each(USES)('%s waits for hold() first', async (_name, use) => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held = heldDeps(base, async () => {
      order.push('hold');
      await gate;
      order.push('held');
    });
    const done = use(held).catch(() => {}).then(() => order.push('done'));
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['hold']);
    release();
    await done;
    expect(order).toEqual(['hold', 'held', 'done']);
  });

  it.each(USES)('%s reaches nothing when hold() refuses', async (name, use) => {
    reached.length = 0;
    const stale = new MotcuaError('SESSION_STALE', 'changed');
    const held = heldDeps(base, () => Promise.reject(stale));
    await expect(use(held)).rejects.toBe(stale);
    expect(reached).not.toContain(name);
  });

  it('shares the pure dependencies as they are, and has the shape of deps itself', () => {
    const held = heldDeps(base, () => Promise.resolve());
    for (const k of ['flows', 'nlu', 'fields', 't', 'settings', 'log'] as const) expect(held[k]).toBe(base[k]);
    expect(Object.keys(held)).toEqual(Object.keys(base));
  });
});
