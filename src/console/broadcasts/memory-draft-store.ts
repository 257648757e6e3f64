/**
 * @module Composer drafts in this process (see draft-store.ts): the store without Redis. A
 * restart loses them, and the official composes again.
 */
import type { ComposeValues } from './compose-values.ts';
import { DEFAULT_DRAFT_LIMITS, isDraftId, newDraft, type ComposerDraft, type DraftLimits, type DraftStore, type DropDraft } from './draft-store.ts';

export class MemoryDraftStore implements DraftStore {
  private readonly drafts = new Map<string, ComposerDraft>();
  private readonly sending = new Set<string>();

  constructor(
    private readonly onDrop: DropDraft = () => {},
    private readonly limits: DraftLimits = DEFAULT_DRAFT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async create(owner: string, values: ComposeValues): Promise<ComposerDraft> {
    this.purge();
    const mine = [...this.drafts.values()].filter((d) => d.owner === owner).sort((a, b) => a.updatedAt - b.updatedAt);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.limits.perOwner + 1))) this.drop(old.id);
    const draft = newDraft(owner, values, this.now());
    this.drafts.set(draft.id, draft);
    return draft;
  }

  async get(id: string | undefined, owner: string): Promise<ComposerDraft | null> {
    this.purge();
    if (!isDraftId(id)) return null;
    const d = this.drafts.get(id);
    if (!d || d.owner !== owner) return null;
    d.updatedAt = this.now();
    return d;
  }

  async save(draft: ComposerDraft): Promise<void> {
    // The object `get` gave is the stored one; only a draft dropped meanwhile is not put back.
    if (this.drafts.get(draft.id) === draft) draft.updatedAt = this.now();
  }

  async claim(draft: ComposerDraft): Promise<boolean> {
    if (!this.drafts.has(draft.id) || this.sending.has(draft.id)) return false;
    this.sending.add(draft.id);
    return true;
  }

  async unclaim(draft: ComposerDraft): Promise<void> {
    this.sending.delete(draft.id);
  }

  async sent(id: string): Promise<void> {
    this.drafts.delete(id);
    this.sending.delete(id);
  }

  async discard(id: string): Promise<void> {
    this.drop(id);
  }

  private drop(id: string): void {
    const d = this.drafts.get(id);
    if (!d) return;
    this.drafts.delete(id);
    this.sending.delete(id);
    this.onDrop(d);
  }

  private purge(): void {
    const at = this.now();
    for (const d of [...this.drafts.values()]) if (at - d.updatedAt > this.limits.idleMs && !this.sending.has(d.id)) this.drop(d.id);
  }
}
