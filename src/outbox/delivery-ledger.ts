/**
 * @module The outbox's record of every item: its delivery state (what the console shows), the
 * claim that makes delivery at-most-once, and the chats found unreachable. The job queue only
 * says when to try; the ledger says whether to. Memory and Redis implementations.
 *
 * At most once: `claim` puts a marker on the item right before `channel.send`; `settle`
 * removes it with the outcome. A claim found still in place means a worker died between
 * sending and recording — the message may have gone out — so the item is marked failed with
 * DELIVERY_UNCERTAIN instead of being sent again.
 */
import { z } from 'zod';
import type { DeliveryState, UnreachableChats } from './outbox.ts';

export const DeliveryStateSchema = z.object({
  id: z.string(),
  status: z.enum(['queued', 'sent', 'failed', 'unreachable']),
  attempts: z.number().int().min(0),
  updatedAt: z.string(),
  error: z.string().optional(),
}) satisfies z.ZodType<DeliveryState>;

export const TERMINAL: ReadonlySet<DeliveryState['status']> = new Set(['sent', 'failed', 'unreachable']);

export interface LedgerEntry {
  id: string;
  /** Indexed for `forDossier`. */
  dossierCode?: string;
}

export type ClaimResult =
  /** Go ahead; `parts` messages of the item already went out in an earlier try (resume after them). */
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
