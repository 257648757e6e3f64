/**
 * @module The outbox's record of every item: its delivery state (what the console shows), the
 * claim that makes delivery at-most-once, and the chats found unreachable. The job queue only
 * says when to try; the ledger says whether to. Memory and Redis implementations.
 *
 * At most once: `claim` puts a marker on the item right before `channel.send`; `settle`
 * removes it with the outcome. A claim found still in place means a worker died between
 * sending and recording — the message may have gone out — so the item is marked failed with
 * DELIVERY_UNCERTAIN instead of being sent again.
 *
 * Unless the claim says nothing was on the wire: a channel that reports it (`onWire` of
 * `Channel.send`) has the holder mark the claim off the wire while the send waits for its turn
 * (Telegram's and Zalo's pacing, a 429's retry_after) and on it right before each request. A
 * claim found off the wire is taken over and the item sent from the messages that went out
 * whole; the old holder, if it still lives, finds its claim gone at its next `wire` call
 * (CLAIM_LOST) and sends nothing more. A claim is on the wire from the start, so a channel
 * that never reports keeps the old rule; so does an item already taken over MAX_TAKEOVERS
 * times. A claim asked for again by its own token goes ahead.
 */
import { z } from 'zod';
import { MotcuaError } from '../errors.ts';
import type { DeliveryState, UnreachableChats } from './outbox.ts';

export const DeliveryStateSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'sent', 'failed', 'unreachable']),
  attempts: z.number().int().min(0),
  updatedAt: z.string(),
  error: z.string().optional(),
}) satisfies z.ZodType<DeliveryState>;

/**
 * Claims taken over at most, per item: a process that keeps dying while it waits (out of
 * memory in a large broadcast) would otherwise keep the item's job stalling until the queue
 * fails it, the item forever queued; after this the old rule applies (DELIVERY_UNCERTAIN).
 */
export const MAX_TAKEOVERS = 3;

/** What `wire` rejects with when another worker took the claim over. */
export function claimLost(id: string): MotcuaError {
  return new MotcuaError('CLAIM_LOST', `outbox item ${id} was taken over by another worker`, { item: id });
}

export const TERMINAL: ReadonlySet<DeliveryState['status']> = new Set(['sent', 'failed', 'unreachable']);

export interface LedgerEntry {
  id: string;
  /** Indexed for `forDossier`. */
  dossierCode?: string;
}

export type ClaimResult =
  /**
   * Go ahead; `parts` messages of the item already went out in an earlier try (resume after
   * them). Also after taking over a claim that was off the wire.
   */
  | { kind: 'go'; parts: number }
  /** Already sent, failed for good or unreachable: nothing to do. */
  | { kind: 'done' }
  /** A claim from an earlier try was never settled: now marked failed with DELIVERY_UNCERTAIN. */
  | { kind: 'uncertain' };

export type Settlement =
  | { status: 'sent' }
  /** Will be tried again; `counted` false for a 429 that is waited out (the attempt is given back). */
  | { status: 'queued'; error: string; parts: number; counted: boolean }
  | { status: 'failed'; error: string; parts: number }
  | { status: 'unreachable' };

export interface DeliveryLedger {
  /** Records new entries as queued; returns the ids that are not finished (to be (re)queued). */
  register(entries: readonly LedgerEntry[], at: Date): Promise<string[]>;
  /** Takes the item's one turn to send (see the module note). */
  claim(id: string, token: string, at: Date): Promise<ClaimResult>;
  /**
   * The holder of the claim says a request that may deliver is about to go out (`on`), or that
   * none is in flight (`!on`), with how many of the item's messages went out whole so far.
   * Rejects with CLAIM_LOST when the claim is no longer `token`'s.
   */
  wire(id: string, token: string, on: boolean, parts: number): Promise<void>;
  /**
   * Ends a claim. A 'sent' is always recorded (the message did go out, even if another worker
   * meanwhile judged the claim abandoned); other outcomes only by the claim's holder.
   * `chatKey` (`channel:chatId`) is marked unreachable, or cleared after a send.
   */
  settle(id: string, token: string, outcome: Settlement, chatKey: string, at: Date): Promise<void>;
  /** Records an item delivered by other means than a claim (the gateway's at-least-once POSTs). */
  markSent(id: string, at: Date): Promise<void>;
  state(id: string): Promise<DeliveryState | null>;
  forDossier(code: string): Promise<DeliveryState[]>;
  readonly unreachable: UnreachableChats;
}
