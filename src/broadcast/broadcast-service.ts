/**
 * @module The contract between the broadcast composer (console) and broadcast delivery.
 * A broadcast is guidance from a ward to the citizens who opted in: a text in Vietnamese
 * (English optional; each recipient gets their language), an optional image and link, and
 * an audience (a `Segment` of subscriptions). It is frozen into a recipient list when it
 * starts, delivered through the outbox one recipient at a time within each channel's limits,
 * and can be paused, resumed or cancelled. Delivery survives a crash: no recipient gets it
 * twice, none is skipped (see README.md in this folder).
 */
import { z } from 'zod';
import type { ChannelName, Locale, OutboundMessage } from '../channels/channel.ts';
import type { Segment, Subscription } from './subscription.ts';

export const BROADCAST_STATUSES = ['scheduled', 'sending', 'paused', 'cancelled', 'done'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/** What the official composed. Validated by the service (zod) before anything is stored. */
export interface BroadcastDraft {
  text: { vi: string; en?: string };
  /** A photo already validated and re-encoded into the MediaStore (its id). */
  imageId?: string;
  /** https URL appended to the text (Zalo and Telegram show it as a link). */
  link?: string;
  segment: Segment;
  /** ISO 8601; absent → send now. */
  scheduledAt?: string;
}

/** Per-recipient outcome counts. `remaining` = recipients − (sent + failed + unreachable + cancelled). */
export interface BroadcastCounts {
  recipients: number;
  sent: number;
  failed: number;
  unreachable: number;
  /** Not sent because the broadcast was cancelled. */
  cancelled: number;
  remaining: number;
  /**
   * Of `failed`: the process died between handing the message to the platform and recording
   * it, so it was not sent again (DELIVERY_UNCERTAIN) — most likely the recipient got it.
   */
  uncertain?: number;
}

export interface Broadcast extends BroadcastDraft {
  id: string;
  /** "official:<username>" */
  createdBy: string;
  createdAt: string;
  status: BroadcastStatus;
  startedAt?: string;
  finishedAt?: string;
  counts: BroadcastCounts;
}

export interface BroadcastProgress {
  status: BroadcastStatus;
  counts: BroadcastCounts;
  /** Messages per second over the last few seconds. */
  ratePerSecond: number;
  /** Seconds left at the current rate (null when paused or unknown). */
  etaSeconds: number | null;
  /**
   * Recipients handed to the outbox and not yet final. After a pause or cancel, the pause is
   * complete (nothing more will be sent) once this is 0.
   */
  inFlight?: number;
}

/** One line of the delivery report (CSV). No phone or ID numbers: a chat key is all there is. */
export interface BroadcastReportRow {
  channel: ChannelName;
  chatId: string;
  locale: Locale;
  status: 'queued' | 'sent' | 'failed' | 'unreachable' | 'cancelled';
  attempts: number;
  updatedAt: string;
  error?: string;
}

export interface AudienceCount {
  total: number;
  byChannel: Partial<Record<Subscription['channel'], number>>;
  byLocale: Partial<Record<Locale, number>>;
}

export interface BroadcastService {
  /** Subscribers the segment reaches right now (chats marked unreachable excluded). */
  count(segment: Segment): Promise<AudienceCount>;
  /** The messages one recipient would get, for the composer's preview. */
  render(draft: BroadcastDraft, locale: Locale): Promise<OutboundMessage[]>;
  /** Sends the draft to one chat now (the official's own), outside any broadcast. */
  testSend(draft: BroadcastDraft, to: { channel: ChannelName; chatId: string; locale: Locale }, actor: string): Promise<void>;
  /** Stores the broadcast and starts it (or schedules it). Throws MotcuaError('BAD_REQUEST') on an invalid draft (details.issues: the zod issues). */
  create(draft: BroadcastDraft, actor: string): Promise<Broadcast>;
  get(id: string): Promise<Broadcast | null>;
  /** Newest first. */
  list(limit?: number): Promise<Broadcast[]>;
  progress(id: string): Promise<BroadcastProgress | null>;
  /** Invalid transitions throw MotcuaError('TRANSITION_INVALID'). */
  pause(id: string, actor: string): Promise<Broadcast>;
  resume(id: string, actor: string): Promise<Broadcast>;
  cancel(id: string, actor: string): Promise<Broadcast>;
  /** Every recipient's delivery state, in recipient order. */
  report(id: string): AsyncIterable<BroadcastReportRow>;
}

/** Schema for drafts arriving from the console form (after the form's own parsing). */
export const BroadcastDraftSchema = z.object({
  text: z.object({
    vi: z.string().trim().min(1).max(3500),
    en: z.string().trim().min(1).max(3500).optional(),
  }),
  imageId: z.string().min(1).optional(),
  link: z.url({ protocol: /^https?$/ }).max(500).optional(),
  segment: z.object({
    wardCodes: z.array(z.string().min(1)).optional(),
    topics: z.array(z.enum(['civil_status', 'business', 'urban_order', 'emergency', 'general'])).optional(),
    locales: z.array(z.enum(['vi', 'en'])).optional(),
    channels: z.array(z.enum(['telegram', 'zalo', 'web', 'console'])).optional(),
  }),
  scheduledAt: z.iso.datetime({ offset: true }).optional(),
});
