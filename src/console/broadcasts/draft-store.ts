/**
 * @module Composer drafts kept on the server between the steps (compose → preview → confirm →
 * send), keyed by a random id in the page and bound to the official who made it. Server-side
 * rather than in hidden fields because the draft holds an uploaded image: its MediaStore id
 * must come from our own upload, never from a form field someone could point at a citizen's
 * ID-card photo. Two stores: in this process (memory-draft-store.ts) and, with REDIS_URL, in
 * Redis (redis-draft-store.ts), where a draft outlives a restart and any process can take the
 * next step. Drafts dropped unsent (idle too long, over the per-official limit, discarded)
 * give their image back.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { TopicSchema } from '../../broadcast/subscription.ts';
import { LOCALES } from '../../i18n/text.ts';
import type { MediaStore } from '../../media/media-store.ts';
import { AUDIENCE_CHANNELS, type ComposeValues } from './compose-values.ts';

export interface ComposerDraft {
  readonly id: string;
  /** The official's username: nobody else can open, change or send it. */
  readonly owner: string;
  values: ComposeValues;
  imageId?: string;
  /** ISO; set at the confirmation step when the official schedules instead of sending now. */
  scheduledAt?: string;
  updatedAt: number;
}

export interface DraftLimits {
  /** A draft untouched this long is dropped. */
  idleMs: number;
  /** Drafts kept per official; the oldest goes first. */
  perOwner: number;
}

export const DEFAULT_DRAFT_LIMITS: DraftLimits = { idleMs: 4 * 60 * 60_000, perOwner: 20 };

export interface DraftStore {
  create(owner: string, values: ComposeValues): Promise<ComposerDraft>;
  /** The owner's live draft (and marks it used), or null — also for another official's id. */
  get(id: string | undefined, owner: string): Promise<ComposerDraft | null>;
  /** Keeps what changed in a draft `get` or `create` gave (its values, image or schedule). */
  save(draft: ComposerDraft): Promise<void>;
  /**
   * Marks the draft as being handed to the broadcast service. False when it already is: a
   * second click on "send", a resubmitted page, another process — none may send it twice.
   */
  claim(draft: ComposerDraft): Promise<boolean>;
  /** Gives a claimed draft back (the service refused it; the official corrects and sends again). */
  unclaim(draft: ComposerDraft): Promise<void>;
  /** Forgets a draft that became a broadcast (its image now belongs to the broadcast). */
  sent(id: string): Promise<void>;
  /** Forgets a draft and frees what it holds. */
  discard(id: string): Promise<void>;
}

/** Called with a draft that is dropped unsent (expired, evicted, discarded): frees its image. */
export type DropDraft = (d: ComposerDraft) => void;

/** The usual DropDraft: the image goes back to the media store (best effort; nothing waits on it). */
export function freeDraftImage(media: Pick<MediaStore, 'delete'>): DropDraft {
  return (d) => {
    if (d.imageId) void media.delete(d.imageId).catch(() => {});
  };
}

const ID_FORMAT = /^[A-Za-z0-9_-]{22}$/;

export function isDraftId(id: string | undefined): id is string {
  return id !== undefined && ID_FORMAT.test(id);
}

export function newDraft(owner: string, values: ComposeValues, now: number): ComposerDraft {
  return { id: randomBytes(16).toString('base64url'), owner, values, updatedAt: now };
}

/** A draft as stored in Redis: read back through this, and one that does not parse is no draft. */
export const ComposerDraftSchema = z.object({
  id: z.string().regex(ID_FORMAT),
  owner: z.string().min(1).max(64),
  values: z.object({
    textVi: z.string(),
    textEn: z.string(),
    link: z.string(),
    wards: z.array(z.string()),
    topics: z.array(TopicSchema),
    locales: z.array(z.enum(LOCALES)),
    channels: z.array(z.enum(AUDIENCE_CHANNELS)),
    wardFilter: z.string(),
  }),
  imageId: z.string().optional(),
  scheduledAt: z.string().optional(),
  updatedAt: z.number(),
});
