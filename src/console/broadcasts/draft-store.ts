/**
 * @module Composer drafts kept on the server between the steps (compose → preview → confirm →
 * send), keyed by a random id in the page and bound to the official who made it. Server-side
 * rather than in hidden fields because the draft holds an uploaded image: its MediaStore id
 * must come from our own upload, never from a form field someone could point at a citizen's
 * ID-card photo. In memory, like console sessions (one process; a restart loses drafts, which
 * the official then composes again). Expired drafts give their unsent image back.
 */
import { randomBytes } from 'node:crypto';
import type { ComposeValues } from './compose-values.ts';

export interface ComposerDraft {
  readonly id: string;
  /** The official's username: nobody else can open, change or send it. */
  readonly owner: string;
  values: ComposeValues;
  imageId?: string;
  /** ISO; set at the confirmation step when the official schedules instead of sending now. */
  scheduledAt?: string;
  /** Being handed to the service: a second click on "send" must not send it twice. */
  sending?: boolean;
  updatedAt: number;
}

export interface DraftLimits {
  /** A draft untouched this long is dropped. */
  idleMs: number;
  /** Drafts kept per official; the oldest goes first. */
  perOwner: number;
}

export const DEFAULT_DRAFT_LIMITS: DraftLimits = { idleMs: 4 * 60 * 60_000, perOwner: 20 };
const ID_FORMAT = /^[A-Za-z0-9_-]{22}$/;

export class DraftStore {
  private readonly drafts = new Map<string, ComposerDraft>();

  constructor(
    /** Called with a draft that is dropped unsent (expired, evicted, discarded): frees its image. */
    private readonly onDrop: (d: ComposerDraft) => void = () => {},
    private readonly limits: DraftLimits = DEFAULT_DRAFT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  create(owner: string, values: ComposeValues): ComposerDraft {
    this.purge();
    const mine = [...this.drafts.values()].filter((d) => d.owner === owner).sort((a, b) => a.updatedAt - b.updatedAt);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.limits.perOwner + 1))) this.discard(old.id);
    const draft: ComposerDraft = { id: randomBytes(16).toString('base64url'), owner, values, updatedAt: this.now() };
    this.drafts.set(draft.id, draft);
    return draft;
  }

  /** The owner's live draft (and marks it used), or null — also for another official's id. */
  get(id: string | undefined, owner: string): ComposerDraft | null {
    this.purge();
    if (!id || !ID_FORMAT.test(id)) return null;
    const d = this.drafts.get(id);
    if (!d || d.owner !== owner) return null;
    d.updatedAt = this.now();
    return d;
  }

  /** Forgets a draft that became a broadcast (its image now belongs to the broadcast). */
  sent(id: string): void {
    this.drafts.delete(id);
  }

  /** Forgets a draft and frees what it holds. */
  discard(id: string): void {
    const d = this.drafts.get(id);
    if (!d) return;
    this.drafts.delete(id);
    this.onDrop(d);
  }

  get size(): number {
    return this.drafts.size;
  }

  private purge(): void {
    const at = this.now();
    for (const d of [...this.drafts.values()]) if (at - d.updatedAt > this.limits.idleMs) this.discard(d.id);
  }
}
