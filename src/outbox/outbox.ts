/**
 * @module The durable outbox: every message the bot sends on its own initiative (status
 * pushes, supplement requests, broadcasts) goes through here — retried with backoff, 429
 * `retry_after` honoured, chats that blocked the bot marked unreachable, and at most one
 * delivery per message id even when a worker dies mid-send.
 */
import type { ChannelName, OutboundMessage } from '../channels/channel.ts';

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
  attempts: number;
  updatedAt: string;
  /** Stable error code of the last failure (never message text). */
  error?: string;
}

export interface Outbox {
  enqueue(items: OutboxItem[]): Promise<void>;
  /** Delivery states of the items about one dossier (console detail page). */
  forDossier(code: string): Promise<DeliveryState[]>;
  state(id: string): Promise<DeliveryState | null>;
  /** Starts delivering through these channels (by name). */
  start(): Promise<void>;
  stop(): Promise<void>;
}
