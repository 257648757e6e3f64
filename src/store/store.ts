/**
 * @module Storage interfaces (after grammY's StorageAdapter): tiny, backend injected.
 * Two implementations — memory (zero setup) and Redis — pass one contract test suite.
 * Values cross this boundary as strings/parsed records; callers validate with zod.
 */
import type { Segment, Subscription } from '../broadcast/subscription.ts';
import type { Dossier } from '../dossiers/dossier.ts';

/**
 * One message's exclusive turn on a chat. Turns are granted strictly in arrival order,
 * across processes when Redis is used; while a turn is open no other message of the chat runs.
 */
export interface ChatTurn {
  /** The message id was already processed: do nothing and `release()`. */
  readonly duplicate: boolean;
  /** The stored session JSON, or null. */
  readonly session: string | null;
  /**
   * Ends the turn: stores `next` (a string), deletes the session (null) or leaves it
   * (undefined); marks the message id processed. Throws LOCK_TIMEOUT when the turn was lost.
   */
  commit(next: string | null | undefined): Promise<void>;
  /** Ends the turn without marking the message processed (processing failed: a redelivery may retry). */
  release(): Promise<void>;
}

export interface SessionStore {
  /** Waits for this chat's turn, then reads its session; one round trip when the chat is idle. */
  begin(chatKey: string, messageId: string): Promise<ChatTurn>;
  /** Reads a session without taking a turn (diagnostics, tests). */
  peek(chatKey: string): Promise<string | null>;
}

export interface ChatLogEntry {
  seq: number;
  at: string;
  /** The OutboundMessage as JSON (image bytes are not logged; only URLs). */
  message: {
    text: string;
    choices?: { label: string; value: string }[];
    image?: { url?: string; mime: string };
    requestLocation?: boolean;
    requestContact?: boolean;
  };
}

/** What the bot sent to a chat, with sequence numbers — the web chat reads pushes from here. */
export interface ChatLogStore {
  append(chatKey: string, messages: ChatLogEntry['message'][]): Promise<number[]>;
  after(chatKey: string, seq: number, limit: number): Promise<ChatLogEntry[]>;
  /**
   * `lastSeq`: the highest sequence number handed out (0 when none); `resetSeq`: the lastSeq
   * when the log was last erased (0 when never) — clients forget what they showed up to it.
   */
  position(chatKey: string): Promise<{ lastSeq: number; resetSeq: number }>;
  /** Deletes the entries; the sequence keeps counting so pollers never miss later messages. */
  delete(chatKey: string): Promise<void>;
}

export interface DossierQuery {
  status?: Dossier['status'];
  procedureId?: string;
  /** A ward code (exact), or part of a ward's name with case and diacritics ignored ("ben thanh"). */
  ward?: string;
  /** Submitted at or after this instant (ISO 8601). */
  submittedFrom?: string;
  /** Submitted before this instant (ISO 8601, exclusive). */
  submittedBefore?: string;
  /** A tracking code or part of one; case, dashes and spaces ignored ("7k2m9q" finds HS-7K2M-9QXD). */
  code?: string;
  limit: number;
  offset?: number;
}

export interface DossierStore {
  /** Stores a new dossier unless one with the same submissionKey exists; then returns that one. */
  create(dossier: Dossier): Promise<{ dossier: Dossier; created: boolean }>;
  get(code: string): Promise<Dossier | null>;
  /** Newest first. */
  list(query: DossierQuery): Promise<Dossier[]>;
  /** Codes of dossiers a chat submitted or follows. */
  byChat(chatKey: string): Promise<string[]>;
  /**
   * Read-modify-write with optimistic concurrency: `change` may run more than once.
   * Returns null when the dossier does not exist.
   */
  update(code: string, change: (d: Dossier) => Dossier): Promise<Dossier | null>;
  /** Forgets that a chat submitted/follows dossiers (the "delete my data" command). */
  unlinkChat(chatKey: string): Promise<void>;
}

/** Fixed-window counters (rate limits such as wrong follow PINs). */
export interface CounterStore {
  /** Adds one to `key` and returns the count in the current window of `windowS` seconds. */
  hit(key: string, windowS: number): Promise<number>;
  /** The count in the current window, without adding to it. */
  count(key: string): Promise<number>;
}

/** Broadcast subscriptions, one per chat (keyed `channel:chatId`). */
export interface SubscriptionStore {
  put(s: Subscription): Promise<void>;
  get(chatKey: string): Promise<Subscription | null>;
  /** True when there was one to remove. */
  remove(chatKey: string): Promise<boolean>;
  /** Every subscription in the segment (expanded into per-recipient deliveries by broadcasts). */
  list(segment: Segment): Promise<Subscription[]>;
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  readonly counters: CounterStore;
  readonly subscriptions: SubscriptionStore;
  readonly sessions: SessionStore;
  readonly chatLog: ChatLogStore;
  readonly dossiers: DossierStore;
  /** Throws when the backend does not answer (health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const chatKey = (channel: string, chatId: string): string => `${channel}:${chatId}`;
