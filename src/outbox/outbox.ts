/**
 * @module The durable outbox: every message the bot sends on its own initiative (status
 * pushes, supplement requests, broadcasts) goes through here — retried with backoff, 429
 * `retry_after` honoured, chats that blocked the bot marked unreachable, and at most one
 * delivery per message id even when a worker dies mid-send.
 *
 * Two implementations share one delivery algorithm (durable-outbox.ts): BullMQ on Redis and
 * an in-process queue for the memory store. See README.md in this folder.
 */
import type { Channel, ChannelName, OutboundMessage } from '../channels/channel.ts';

export type DeliveryStatus = 'queued' | 'sent' | 'failed' | 'unreachable';

export interface OutboxItem {
  /**
   * Idempotency key: the same id is delivered at most once, and enqueuing it again is a no-op.
   * Status pushes use `status:<code>:<historyIndex>:<channel>:<chatId>`.
   */
  id: string;
  channel: ChannelName;
  chatId: string;
  messages: OutboundMessage[];
  /** What it is about, for the console (delivery state per dossier / broadcast). */
  topic: { kind: 'status' | 'supplement' | 'broadcast' | 'test'; dossierCode?: string; broadcastId?: string };
}

export interface DeliveryState {
  id: string;
  status: DeliveryStatus;
  /** Sends tried (a 429 that was waited out does not count). */
  attempts: number;
  updatedAt: string;
  /**
   * Stable error code of the last failure (never message text): a MotcuaError code such as
   * DELIVERY_FAILED, RATE_LIMITED, CHANNEL_UNREACHABLE, BAD_REQUEST, or one of the outbox's
   * own — DELIVERY_UNCERTAIN (a worker died between sending and recording it: not resent),
   * CHANNEL_NOT_CONFIGURED (no channel of that name in this deployment).
   */
  error?: string;
}

/**
 * Chats that told us they will not take messages (the user blocked the bot). Status pushes
 * are still tried — a blocked bot fails fast and the user may have unblocked it — but
 * broadcasts skip these chats. A later successful send to the chat clears the mark.
 */
export interface UnreachableChats {
  /** Keys are `channel:chatId`. */
  has(chatKey: string): Promise<boolean>;
  /** Every unreachable chat with when it was marked (ISO 8601). */
  list(): Promise<{ chatKey: string; since: string }[]>;
  /** The chat wrote to us again, or an official cleared it. */
  clear(chatKey: string): Promise<void>;
}

export interface Outbox {
  /** Durable once it resolves; ids already known (queued, sent, failed...) are skipped. */
  enqueue(items: OutboxItem[]): Promise<void>;
  /** Delivery states of the items about one dossier (console detail page). */
  forDossier(code: string): Promise<DeliveryState[]>;
  state(id: string): Promise<DeliveryState | null>;
  readonly unreachable: UnreachableChats;
  /** Makes a channel available for delivery by its name (the app passes every channel it runs). */
  register(...channels: Pick<Channel, 'name' | 'send'>[]): void;
  /** Starts delivering through the registered channels. */
  start(): Promise<void>;
  /** Stops taking new items and waits for the sends in progress. */
  stop(): Promise<void>;
}
