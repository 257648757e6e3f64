/**
 * @module The outbox items announcing one status change: one per chat in `dossier.notify`
 * (submitter first, then followers), each in that chat's language, with an id derived from
 * the code, the history index and the chat — so announcing the same change twice (a retry,
 * a recovery) enqueues nothing new.
 */
import type { OutboxItem } from '../outbox/outbox.ts';
import type { ChatIdentity, Dossier } from './dossier.ts';
import { statusMessage, type RecipientRole, type StatusMessageContext } from './status-message.ts';

/** `status:<code>:<historyIndex>:<channel>:<chatId>` (the console reads it back). */
export function statusPushId(code: string, index: number, to: Pick<ChatIdentity, 'channel' | 'chatId'>): string {
  return `status:${code}:${index}:${to.channel}:${to.chatId}`;
}

export function roleOf(d: Dossier, to: Pick<ChatIdentity, 'channel' | 'chatId'>): RecipientRole {
  return d.submitter.channel === to.channel && d.submitter.chatId === to.chatId ? 'submitter' : 'follower';
}

export interface PushOptions {
  /** A chat that is not told (it made the change itself and already got the engine's reply). */
  skip?: Pick<ChatIdentity, 'channel' | 'chatId'>;
}

export function statusPushes(d: Dossier, index: number, ctx: StatusMessageContext, opts: PushOptions = {}): OutboxItem[] {
  const entry = d.history[index];
  // The submission itself is confirmed in the chat that submitted it; it is never pushed.
  if (!entry || index === 0) return [];
  const seen = new Set<string>();
  const items: OutboxItem[] = [];
  for (const to of d.notify) {
    const key = `${to.channel}:${to.chatId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (opts.skip && opts.skip.channel === to.channel && opts.skip.chatId === to.chatId) continue;
    items.push({
      id: statusPushId(d.code, index, to),
      channel: to.channel,
      chatId: to.chatId,
      messages: [statusMessage(d, index, roleOf(d, to), to.locale, ctx)],
      topic: { kind: entry.status === 'supplement_requested' ? 'supplement' : 'status', dossierCode: d.code },
    });
  }
  return items;
}
