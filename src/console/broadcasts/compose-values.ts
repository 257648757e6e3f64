/**
 * @module What the official typed into the composer, kept as typed across the steps (compose →
 * preview → confirm) so a mistake never costs them their text, and the channel limits the
 * counter hint names.
 */
import type { Locale } from '../../channels/channel.ts';
import type { Topic } from '../../broadcast/subscription.ts';

/** Channels a citizen can subscribe on (the console itself has no subscribers). */
export const AUDIENCE_CHANNELS = ['zalo', 'telegram', 'web'] as const;
export type AudienceChannel = (typeof AUDIENCE_CHANNELS)[number];

export const AUDIENCE_LOCALES: readonly Locale[] = ['vi', 'en'];

/** Longest text per message on each channel; longer texts are split into several messages. */
export const CHANNEL_TEXT_LIMITS = { zalo: 2000, telegram: 4096 } as const;

/** Longest text the composer accepts per language (the service's own limit). */
export const MAX_TEXT = 3500;
export const MAX_LINK = 500;

export interface ComposeValues {
  textVi: string;
  textEn: string;
  link: string;
  wards: string[];
  topics: Topic[];
  locales: Locale[];
  channels: AudienceChannel[];
  /** The text that narrows the ward list (kept so the list stays as the official left it). */
  wardFilter: string;
}

export const EMPTY_VALUES: ComposeValues = { textVi: '', textEn: '', link: '', wards: [], topics: [], locales: [], channels: [], wardFilter: '' };

/** The fields a message can point at (each error is shown beside its field). */
export type ComposeField = 'text_vi' | 'text_en' | 'link' | 'image' | 'wards' | 'topics' | 'locales' | 'channels' | 'schedule';

export interface FieldProblem {
  field: ComposeField;
  /** A key in console.yaml (without "console."). */
  key: string;
  params?: Record<string, string | number>;
}
