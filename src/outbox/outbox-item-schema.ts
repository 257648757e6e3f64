/**
 * @module An outbox item as it is stored in a job (JSON: inline image bytes as base64) and
 * parsed back with zod when a worker picks it up — possibly in another process or version.
 */
import { z } from 'zod';
import type { OutboundMessage } from '../channels/channel.ts';
import type { OutboxItem } from './outbox.ts';

const StoredMessage = z.object({
  text: z.string(),
  choices: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  image: z.object({ url: z.string().optional(), base64: z.string().optional(), mime: z.string() }).optional(),
  requestContact: z.boolean().optional(),
  requestLocation: z.boolean().optional(),
});

export const StoredItemSchema = z.object({
  id: z.string().min(1),
  channel: z.enum(['telegram', 'zalo', 'web', 'console']),
  chatId: z.string().min(1),
  messages: z.array(StoredMessage).min(1),
  topic: z.object({
    kind: z.enum(['status', 'supplement', 'broadcast', 'test']),
    dossierCode: z.string().optional(),
    broadcastId: z.string().optional(),
  }),
  /** When it was enqueued (ISO 8601): how long it waited is logged on delivery. */
  enqueuedAt: z.string(),
});
export type StoredItem = z.infer<typeof StoredItemSchema>;

function storeMessage(m: OutboundMessage): StoredItem['messages'][number] {
  const { image, ...rest } = m;
  if (!image) return rest;
  const { data, ...img } = image;
  return { ...rest, image: { ...img, ...(data ? { base64: Buffer.from(data).toString('base64') } : {}) } };
}

function loadMessage(m: StoredItem['messages'][number]): OutboundMessage {
  const { image, ...rest } = m;
  if (!image) return rest;
  const { base64, ...img } = image;
  return { ...rest, image: { ...img, ...(base64 ? { data: new Uint8Array(Buffer.from(base64, 'base64')) } : {}) } };
}

export function toStored(item: OutboxItem, at: Date): StoredItem {
  return { id: item.id, channel: item.channel, chatId: item.chatId, messages: item.messages.map(storeMessage), topic: item.topic, enqueuedAt: at.toISOString() };
}

export function fromStored(s: StoredItem): OutboxItem {
  return { id: s.id, channel: s.channel, chatId: s.chatId, messages: s.messages.map(loadMessage), topic: s.topic };
}
