/**
 * @module What the service keeps about a broadcast, parsed with zod whenever it is read back
 * (memory or Redis): the draft and who made it (never changes), the status (changed by
 * officials and by delivery, with compare-and-set), and the delivery progress — the frozen
 * recipient list's size per channel ("lane"), how far each lane has been handed to the outbox,
 * and the counts seen so far.
 */
import { z } from 'zod';
import { BROADCAST_STATUSES, BroadcastDraftSchema, type Broadcast, type BroadcastCounts } from './broadcast-service.ts';

const ChannelSchema = z.enum(['telegram', 'zalo', 'web', 'console']);

/** One recipient as frozen when the broadcast started. */
export const RecipientSchema = z.object({
  channel: ChannelSchema,
  chatId: z.string().min(1),
  locale: z.enum(['vi', 'en']),
});
export type Recipient = z.infer<typeof RecipientSchema>;

export const CountsSchema = z.object({
  recipients: z.number().int().min(0),
  sent: z.number().int().min(0),
  failed: z.number().int().min(0),
  unreachable: z.number().int().min(0),
  cancelled: z.number().int().min(0),
  remaining: z.number().int().min(0),
  /** Of `failed`: a process died between handing the message to the platform and recording it. */
  uncertain: z.number().int().min(0).optional(),
}) satisfies z.ZodType<BroadcastCounts>;

export const LaneSchema = z.object({
  channel: ChannelSchema,
  /** Recipients frozen on this channel. */
  total: z.number().int().min(0),
  /** Recipients [0, next) were handed to the outbox (or are about to be: reserved first). */
  next: z.number().int().min(0),
});
export type Lane = z.infer<typeof LaneSchema>;

export const ProgressSchema = z.object({
  lanes: z.array(LaneSchema),
  counts: CountsSchema,
  ratePerSecond: z.number().min(0),
  /** When the rate was measured (ISO 8601): an old rate is not shown as current. */
  rateAt: z.string().optional(),
});
export type StoredProgress = z.infer<typeof ProgressSchema>;

export const MetaSchema = BroadcastDraftSchema.extend({
  id: z.string().min(1),
  createdBy: z.string().min(1),
  createdAt: z.string(),
});
export type BroadcastMeta = z.infer<typeof MetaSchema>;

export const StatusSchema = z.enum(BROADCAST_STATUSES);

export const StoredBroadcastSchema = z.object({
  meta: MetaSchema,
  status: StatusSchema,
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
  /** The recipient list was written: it never changes afterwards. */
  frozen: z.boolean(),
  progress: ProgressSchema,
});
export type StoredBroadcast = z.infer<typeof StoredBroadcastSchema>;

export const EMPTY_COUNTS: BroadcastCounts = { recipients: 0, sent: 0, failed: 0, unreachable: 0, cancelled: 0, remaining: 0 };

export function emptyProgress(): StoredProgress {
  return { lanes: [], counts: { ...EMPTY_COUNTS }, ratePerSecond: 0 };
}

/** The public shape the console sees. */
export function toBroadcast(s: StoredBroadcast): Broadcast {
  const { id, createdBy, createdAt, ...draft } = s.meta;
  return {
    ...draft,
    id,
    createdBy,
    createdAt,
    status: s.status,
    ...(s.startedAt ? { startedAt: s.startedAt } : {}),
    ...(s.finishedAt ? { finishedAt: s.finishedAt } : {}),
    counts: { ...s.progress.counts },
  };
}
