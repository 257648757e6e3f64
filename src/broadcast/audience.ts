/**
 * @module Who a segment reaches: the subscriptions in it, minus the chats the outbox found
 * unreachable (blocked the bot). Used for the composer's count and, when a broadcast starts,
 * to freeze its recipient list.
 */
import type { ChannelName } from '../channels/channel.ts';
import type { UnreachableChats } from '../outbox/outbox.ts';
import type { SubscriptionStore } from '../store/store.ts';
import type { AudienceCount } from './broadcast-service.ts';
import type { Recipient } from './broadcast-record.ts';
import type { Segment } from './subscription.ts';

export interface AudienceDeps {
  subscriptions: Pick<SubscriptionStore, 'list'>;
  unreachable: Pick<UnreachableChats, 'list'>;
}

/** Recipients grouped by channel, each group in chat-key order (stable across calls). */
export async function selectAudience(deps: AudienceDeps, segment: Segment): Promise<Map<ChannelName, Recipient[]>> {
  const [subs, unreachable] = await Promise.all([deps.subscriptions.list(segment), deps.unreachable.list()]);
  const skip = new Set(unreachable.map((u) => u.chatKey));
  const lanes = new Map<ChannelName, Recipient[]>();
  const seen = new Set<string>();
  for (const s of subs) {
    const key = `${s.channel}:${s.chatId}`;
    if (skip.has(key) || seen.has(key)) continue;
    seen.add(key);
    let lane = lanes.get(s.channel);
    if (!lane) lanes.set(s.channel, (lane = []));
    lane.push({ channel: s.channel, chatId: s.chatId, locale: s.locale });
  }
  for (const lane of lanes.values()) lane.sort((a, b) => (a.chatId < b.chatId ? -1 : a.chatId > b.chatId ? 1 : 0));
  return lanes;
}

export function countAudience(lanes: ReadonlyMap<ChannelName, readonly Recipient[]>): AudienceCount {
  const out: AudienceCount = { total: 0, byChannel: {}, byLocale: {} };
  for (const [channel, list] of lanes) {
    out.total += list.length;
    out.byChannel[channel] = list.length;
    for (const r of list) out.byLocale[r.locale] = (out.byLocale[r.locale] ?? 0) + 1;
  }
  return out;
}
