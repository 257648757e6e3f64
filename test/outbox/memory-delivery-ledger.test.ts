/** The in-memory delivery ledger forgets items as Redis expires them: `ttlMs` after their last change. */
import { describe, expect, it } from 'vitest';
import { MemoryDeliveryLedger } from '../../src/outbox/memory-delivery-ledger.ts';

const DAY = 86_400_000;
const at = (days: number): Date => new Date(Date.UTC(2026, 0, 1) + days * DAY);

describe('MemoryDeliveryLedger expiry', () => {
  it('forgets an item and its dossier index a TTL after its last change, and keeps the ones changed since', async () => {
    const ledger = new MemoryDeliveryLedger(30 * DAY);
    await ledger.register([{ id: 'old', dossierCode: 'HS-1' }, { id: 'busy', dossierCode: 'HS-1' }, { id: 'other', dossierCode: 'HS-2' }], at(0));
    await ledger.markSent('old', at(1));
    expect((await ledger.claim('busy', 't1', at(20))).kind).toBe('go');
    await ledger.settle('busy', 't1', { status: 'sent' }, 'web:c1', at(20));
    await ledger.markSent('other', at(1));

    // 31 days after 'old' and 'other' last changed, 11 after 'busy'.
    await ledger.register([{ id: 'new', dossierCode: 'HS-3' }], at(31));
    expect(await ledger.state('old')).toBeNull();
    expect(await ledger.state('other')).toBeNull();
    expect(await ledger.forDossier('HS-2')).toEqual([]);
    expect((await ledger.forDossier('HS-1')).map((s) => s.id)).toEqual(['busy']);
    expect((await ledger.state('busy'))?.status).toBe('sent');
    expect((await ledger.state('new'))?.status).toBe('queued');
  });

  it('keeps everything younger than the TTL', async () => {
    const ledger = new MemoryDeliveryLedger(30 * DAY);
    await ledger.register([{ id: 'a', dossierCode: 'HS-1' }], at(0));
    await ledger.register([{ id: 'b' }], at(29));
    expect((await ledger.state('a'))?.status).toBe('queued');
    expect((await ledger.forDossier('HS-1')).map((s) => s.id)).toEqual(['a']);
  });
});
