/**
 * @module Storage interfaces (after grammY's StorageAdapter): tiny, backend injected.
 * Two implementations — memory (zero setup) and Redis — pass one contract test suite.
 * Values cross this boundary as strings/parsed records; callers validate with zod.
 */
import type { Segment, Subscription } from '../broadcast/subscription.ts';
import type { Dossier } from '../dossiers/dossier.ts';

/**
 * One message's turn on a chat. Turns take effect one at a time, in arrival order, across
 * processes when Redis is used: each sees the session the previous one stored, and nothing
 * else of the message changes the world while another message of the chat does. "Arrival" is
 * when the turn reaches Redis: at once for a locked turn; for a speculative one at its commit,
 * or its first use of anything but the session — the CPU time of handling a text or a tap
 * later. (Within one process the chat's messages keep the order they came in.)
 *
 * A turn is either locked (no other message of the chat runs until it ends) or speculative:
 * `session` is this process's copy from the chat's last turn, read without a round trip, and
 * nothing is locked. A speculative turn must `hold()` before changing anything but the session;
 * its `commit` stores the session only if it is still the one read. When it was not, nothing
 * is stored and `commit` answers the locked turn on which to handle the message again.
 */
export interface ChatTurn {
  /** The message id was already processed: do nothing and `release()`. */
  readonly duplicate: boolean;
  /** The stored session JSON, or null. Read it before `commit` (a speculative turn lets go of it then). */
  readonly session: string | null;
  /** True while the turn holds no lock (see above); a locked turn's `hold()` resolves at once. */
  readonly speculative: boolean;
  /**
   * Locks the chat before any use of more than the session (a dossier, a photo, a counter; a
   * read as much as a write). Rejects
   * with SESSION_STALE when the session changed meanwhile (or the message turned out a
   * redelivery): stop, and `commit` then answers the turn to start over on.
   */
  hold(): Promise<void>;
  /**
   * Ends the turn: stores `next` (a string), deletes the session (null) or leaves it
   * (undefined); marks the message id processed. Resolves to null when done, or — only for a
   * speculative turn whose session changed meanwhile — to the turn to handle the message again
   * on (nothing was stored). Throws LOCK_TIMEOUT when a locked turn was lost.
   */
  commit(next: string | null | undefined): Promise<ChatTurn | null>;
  /** Ends the turn without marking the message processed (processing failed: a redelivery may retry). */
  release(): Promise<void>;
}

export interface BeginOptions {
  /**
   * The message is quick to handle (text, a tap: nothing to download or decode), so the turn may
   * be speculative. Slow messages always lock first: their place in line is taken on arrival.
   */
  quick?: boolean;
}

export interface SessionStore {
  /**
   * Waits for this chat's turn in this process, then starts it: a speculative turn when `quick`
   * and this process has the chat's session (no round trip), else a locked turn (one round trip
   * when the chat is idle).
   */
  begin(chatKey: string, messageId: string, options?: BeginOptions): Promise<ChatTurn>;
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
