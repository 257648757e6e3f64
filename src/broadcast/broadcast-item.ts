/**
 * @module A broadcast's outbox item for one recipient. The id is derived from the broadcast
 * and the chat, so handing the same recipient to the outbox again (after a crash) is a no-op.
 */
import type { ChannelName, OutboundMessage } from '../channels/channel.ts';
import type { OutboxItem } from '../outbox/outbox.ts';
import type { Recipient } from './broadcast-record.ts';

export function broadcastItemId(broadcastId: string, channel: ChannelName, chatId: string): string {
  return `broadcast:${broadcastId}:${channel}:${chatId}`;
}

export function broadcastItem(broadcastId: string, r: Recipient, messages: OutboundMessage[]): OutboxItem {
  return { id: broadcastItemId(broadcastId, r.channel, r.chatId), channel: r.channel, chatId: r.chatId, messages, topic: { kind: 'broadcast', broadcastId } };
}
