/**
 * @module What the channel remembers about one chat, in memory: the message whose inline
 * keyboard is live (to remove it once answered and to spot taps on stale ones), whether a
 * reply keyboard is shown, short ids for choice values too long for callback_data, the
 * user's language, and when we last showed "typing" or answered in a group.
 * Lost on restart — then taps are passed to the engine, which checks them against the step.
 */
import type { Locale } from '../channel.ts';

/** Telegram limits callback_data to 64 bytes. */
export const CALLBACK_DATA_MAX = 64;
/** Marks a button already chosen: a tap on it is answered, never forwarded. */
export const CHOSEN_DATA = '~done';
const SHORT_IDS_PER_CHAT = 256;

export interface LiveKeyboard {
  messageId: number;
  /** callback_data → label. */
  buttons: Map<string, string>;
}

export class ChatState {
  locale: Locale | undefined;
  live: LiveKeyboard | undefined;
  /** Message ids whose keyboards we removed or marked: a tap there is stale. */
  readonly retired = new Set<number>();
  replyKeyboard = false;
  lastTypingAt = 0;
  lastGroupReplyAt = 0;
  private readonly short = new Map<string, string>();
  private nextShort = 0;

  /** callback_data for a choice value: the value itself when it fits, else a short id. */
  callbackData(value: string): string {
    if (Buffer.byteLength(value, 'utf8') <= CALLBACK_DATA_MAX && !value.startsWith('~')) return value;
    const key = `~${(this.nextShort++).toString(36)}`;
    this.short.set(key, value);
    if (this.short.size > SHORT_IDS_PER_CHAT) {
      const oldest = this.short.keys().next();
      if (!oldest.done) this.short.delete(oldest.value);
    }
    return key;
  }

  /** The choice value behind callback_data; undefined for an expired short id. */
  resolve(data: string): string | undefined {
    return data.startsWith('~') ? this.short.get(data) : data;
  }

  retire(messageId: number): void {
    this.retired.add(messageId);
    if (this.retired.size > SHORT_IDS_PER_CHAT) {
      const oldest = this.retired.values().next();
      if (!oldest.done) this.retired.delete(oldest.value);
    }
  }
}
