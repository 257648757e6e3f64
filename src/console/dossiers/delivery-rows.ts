/**
 * @module The outbox's delivery states for one dossier, told in words: which message (a
 * status change, a supplement request), to whom (submitter or follower, on which channel),
 * and how it went — queued, sent, failed, unreachable.
 */
import type { ChannelName } from '../../channels/channel.ts';
import type { Dossier } from '../../dossiers/dossier.ts';
import type { DeliveryState } from '../../outbox/outbox.ts';

export interface DeliveryRow {
  state: DeliveryState;
  /** "status", "supplement", ... (the id's first part). */
  kind: string;
  /** The history entry the message announced, when the id names one. */
  entry?: Dossier['history'][number];
  recipient?: { channel: ChannelName; chatId: string; role: 'submitter' | 'follower' | 'other' };
}

const CHANNELS: readonly ChannelName[] = ['telegram', 'zalo', 'web', 'console'];

function roleOf(d: Dossier, channel: string, chatId: string): 'submitter' | 'follower' | 'other' {
  if (d.submitter.channel === channel && d.submitter.chatId === chatId) return 'submitter';
  if (d.followers.some((f) => f.channel === channel && f.chatId === chatId)) return 'follower';
  return 'other';
}

/**
 * Reads ids shaped like the outbox's status pushes, `status:<code>:<historyIndex>:<channel>:<chatId>`;
 * other kinds are matched to a recipient by their `:<channel>:<chatId>` ending.
 */
export function describeDelivery(d: Dossier, state: DeliveryState): DeliveryRow {
  const parts = state.id.split(':');
  const kind = parts[0] ?? '';
  const row: DeliveryRow = { state, kind };
  const index = parts[2] !== undefined && /^\d+$/.test(parts[2]) ? Number(parts[2]) : undefined;
  if (index !== undefined && parts[1] === d.code) {
    const entry = d.history[index];
    if (entry) row.entry = entry;
  }
  // The recipient: the first "<channel>:" part after the code, and everything after it as the chat id.
  for (let i = 2; i < parts.length - 1; i++) {
    const channel = parts[i] as ChannelName;
    if (CHANNELS.includes(channel)) {
      const chatId = parts.slice(i + 1).join(':');
      row.recipient = { channel, chatId, role: roleOf(d, channel, chatId) };
      break;
    }
  }
  return row;
}

/** Newest first. */
export function deliveryRows(d: Dossier, states: readonly DeliveryState[]): DeliveryRow[] {
  return [...states].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).map((s) => describeDelivery(d, s));
}
