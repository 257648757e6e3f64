/**
 * @module The delivery ledger in this process's memory (memory store). Same rules as the
 * Redis one; records are plain objects that are copied out, never shared. As in Redis, an item
 * is forgotten `ttlMs` after its last change (default 180 days), so a long-running process does
 * not keep every push it ever made.
 */
import type { DeliveryState, UnreachableChats } from './outbox.ts';
import { claimLost, MAX_TAKEOVERS, TERMINAL, type ClaimResult, type DeliveryLedger, type LedgerEntry, type Settlement } from './delivery-ledger.ts';

interface Row {
  state: DeliveryState;
  parts: number;
  claim?: string;
  /** Whether the claim's holder may have a request in flight (see delivery-ledger.ts). */
  wire?: boolean;
  /** Claims taken over so far (at most MAX_TAKEOVERS). */
  takeovers?: number;
  /** The dossier the item was registered under, to leave its index when forgotten. */
  dossier?: string;
}

const DEFAULT_TTL_MS = 180 * 86_400_000;
/** Expired items are looked for at most this often (one pass over every item). */
const SWEEP_EVERY_MS = 3_600_000;

class MemoryUnreachable implements UnreachableChats {
  readonly chats = new Map<string, string>();

  async has(chatKey: string): Promise<boolean> {
    return this.chats.has(chatKey);
  }

  async list(): Promise<{ chatKey: string; since: string }[]> {
    return [...this.chats].map(([chatKey, since]) => ({ chatKey, since }));
  }

  async clear(chatKey: string): Promise<void> {
    this.chats.delete(chatKey);
  }
}

export class MemoryDeliveryLedger implements DeliveryLedger {
  private readonly rows = new Map<string, Row>();
  private readonly byDossier = new Map<string, Set<string>>();
  readonly unreachable = new MemoryUnreachable();
  private sweptAt = 0;

  constructor(private readonly ttlMs = DEFAULT_TTL_MS) {}

  async register(entries: readonly LedgerEntry[], at: Date): Promise<string[]> {
    // New items come in here, so this is where the ledger would grow: forget the expired ones.
    if (at.getTime() - this.sweptAt >= Math.min(this.ttlMs, SWEEP_EVERY_MS)) this.sweep(at.getTime());
    const open: string[] = [];
    for (const e of entries) {
      let row = this.rows.get(e.id);
      if (!row) {
        row = { state: { id: e.id, status: 'queued', attempts: 0, updatedAt: at.toISOString() }, parts: 0, ...(e.dossierCode ? { dossier: e.dossierCode } : {}) };
        this.rows.set(e.id, row);
        if (e.dossierCode) {
          let set = this.byDossier.get(e.dossierCode);
          if (!set) this.byDossier.set(e.dossierCode, (set = new Set()));
          set.add(e.id);
        }
      }
      if (!TERMINAL.has(row.state.status)) open.push(e.id);
    }
    return open;
  }

  async claim(id: string, token: string, at: Date): Promise<ClaimResult> {
    let row = this.rows.get(id);
    if (!row) this.rows.set(id, (row = { state: { id, status: 'queued', attempts: 0, updatedAt: at.toISOString() }, parts: 0 }));
    if (TERMINAL.has(row.state.status)) return { kind: 'done' };
    // A repeat of this very claim goes ahead (as in Redis, where ioredis may resend it).
    if (row.claim === token) return { kind: 'go', parts: row.parts };
    if (row.claim !== undefined) {
      if (row.wire === false && (row.takeovers ?? 0) < MAX_TAKEOVERS) {
        // The last holder was waiting, not sending: nothing of it went out beyond `parts`.
        row.claim = token;
        row.wire = true;
        row.takeovers = (row.takeovers ?? 0) + 1;
        return { kind: 'go', parts: row.parts };
      }
      row.state = { ...row.state, status: 'failed', error: 'DELIVERY_UNCERTAIN', updatedAt: at.toISOString() };
      return { kind: 'uncertain' };
    }
    row.claim = token;
    row.wire = true;
    row.state = { ...row.state, attempts: row.state.attempts + 1, updatedAt: at.toISOString() };
    return { kind: 'go', parts: row.parts };
  }

  async wire(id: string, token: string, on: boolean, parts: number): Promise<void> {
    const row = this.rows.get(id);
    if (!row || row.claim !== token) throw claimLost(id);
    row.wire = on;
    row.parts = parts;
  }

  async settle(id: string, token: string, outcome: Settlement, chatKey: string, at: Date): Promise<void> {
    const row = this.rows.get(id);
    if (!row) return;
    const updatedAt = at.toISOString();
    if (outcome.status === 'sent') {
      delete row.claim;
      delete row.wire;
      row.state = { id, status: 'sent', attempts: row.state.attempts, updatedAt };
      this.unreachable.chats.delete(chatKey);
      return;
    }
    if (row.claim !== token) return;
    delete row.claim;
    delete row.wire;
    if (outcome.status === 'unreachable') {
      row.state = { ...row.state, status: 'unreachable', error: 'CHANNEL_UNREACHABLE', updatedAt };
      if (!this.unreachable.chats.has(chatKey)) this.unreachable.chats.set(chatKey, updatedAt);
      return;
    }
    row.parts = outcome.parts;
    const attempts = outcome.status === 'queued' && !outcome.counted ? Math.max(0, row.state.attempts - 1) : row.state.attempts;
    row.state = { id, status: outcome.status, attempts, updatedAt, error: outcome.error };
  }

  async markSent(id: string, at: Date): Promise<void> {
    const row = this.rows.get(id);
    const attempts = row?.state.attempts ?? 0;
    this.rows.set(id, { state: { id, status: 'sent', attempts, updatedAt: at.toISOString() }, parts: row?.parts ?? 0, ...(row?.dossier ? { dossier: row.dossier } : {}) });
  }

  /** Every item's `updatedAt` is its last change (each write sets it), as each Redis write renews the key's TTL. */
  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [id, row] of this.rows) {
      if (now - Date.parse(row.state.updatedAt) < this.ttlMs) continue;
      this.rows.delete(id);
      const set = row.dossier ? this.byDossier.get(row.dossier) : undefined;
      set?.delete(id);
      if (set?.size === 0) this.byDossier.delete(row.dossier!);
    }
  }

  async state(id: string): Promise<DeliveryState | null> {
    const row = this.rows.get(id);
    return row ? { ...row.state } : null;
  }

  async forDossier(code: string): Promise<DeliveryState[]> {
    return [...(this.byDossier.get(code) ?? [])].flatMap((id) => {
      const row = this.rows.get(id);
      return row ? [{ ...row.state }] : [];
    });
  }
}
