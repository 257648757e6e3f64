/** @module The stored form of one outbound message in a chat's log, parsed on read. */
import { z } from 'zod';
import type { ChatLogEntry } from './store.ts';

export const ChatLogEntrySchema: z.ZodType<ChatLogEntry> = z.object({
  seq: z.number().int(),
  at: z.string(),
  message: z.object({
    text: z.string(),
    choices: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
    image: z.object({ url: z.string().optional(), mime: z.string() }).optional(),
    requestLocation: z.boolean().optional(),
    requestContact: z.boolean().optional(),
  }),
});

export function parseChatLogEntry(raw: string): ChatLogEntry {
  return ChatLogEntrySchema.parse(JSON.parse(raw));
}
