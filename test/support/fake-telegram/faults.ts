/**
 * @module Failures the fake server can inject: Bot API errors per method and chat
 * (429 with retry_after, 403 blocked, 400, 401, 5xx), dropped connections and slow answers,
 * plus a global and per-chat message rate above which it answers 429 like Telegram.
 */

export type FakeFailure =
  | { code: 429; retryAfter: number }
  | { code: 403; description?: string }
  | { code: 400; description: string }
  | { code: 401 }
  | { code: 409; description?: string }
  /** A gateway error: plain HTTP status without a JSON body, as Telegram's front end sends it. */
  | { code: 500 | 502 | 503 | 504 }
  /** The connection is destroyed without an answer (ECONNRESET on the client). */
  | 'reset';

export interface FaultRule {
  /** Methods it applies to; all when omitted. */
  method?: string | string[];
  chatId?: number;
  /** How many matching calls fail; Infinity for all. Default 1. */
  times?: number;
  /** Lets this many matching calls succeed first. Default 0. */
  after?: number;
  /** Waits this long before answering (or failing). */
  delayMs?: number;
  /** Omit to only delay. */
  error?: FakeFailure;
}

export interface ActiveRule extends FaultRule {
  remaining: number;
  /** Matching calls still to let through before failing. */
  passes: number;
}

export function matches(rule: ActiveRule, method: string, chatId: number | undefined): boolean {
  if (rule.remaining <= 0) return false;
  if (rule.method !== undefined) {
    const methods = Array.isArray(rule.method) ? rule.method : [rule.method];
    if (!methods.includes(method)) return false;
  }
  if (rule.chatId !== undefined && rule.chatId !== chatId) return false;
  return true;
}

/** The JSON body and HTTP status Telegram answers for a failure. */
export function failureBody(f: Exclude<FakeFailure, 'reset'>): { status: number; body: string; json: boolean } {
  switch (f.code) {
    case 429:
      return {
        status: 429,
        json: true,
        body: JSON.stringify({
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${f.retryAfter}`,
          parameters: { retry_after: f.retryAfter },
        }),
      };
    case 403:
      return { status: 403, json: true, body: JSON.stringify({ ok: false, error_code: 403, description: f.description ?? 'Forbidden: bot was blocked by the user' }) };
    case 400:
      return { status: 400, json: true, body: JSON.stringify({ ok: false, error_code: 400, description: f.description }) };
    case 401:
      return { status: 401, json: true, body: JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }) };
    case 409:
      return { status: 409, json: true, body: JSON.stringify({ ok: false, error_code: 409, description: f.description ?? 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }) };
    default:
      return { status: f.code, json: false, body: `<html><body><h1>${f.code}</h1></body></html>` };
  }
}

/** Methods that deliver a message and therefore count against Telegram's flood limits. */
export const MESSAGE_METHODS = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'copyMessage', 'forwardMessage', 'sendLocation', 'sendContact']);

export interface RateLimit {
  /** Messages per rolling second across all chats (Telegram: about 30). */
  globalPerSecond?: number;
  /** Messages per rolling second in one chat (Telegram: about 1, bursts tolerated). */
  perChatPerSecond?: number;
  /** retry_after in the 429 answer; default: seconds until the window frees a slot (at least 1). */
  retryAfter?: number;
}

/** A sliding-window limiter that answers how long to wait, in whole seconds, or 0 to go. */
export class RateGate {
  private global: number[] = [];
  private readonly chats = new Map<number, number[]>();

  constructor(private readonly limit: RateLimit) {}

  check(chatId: number | undefined, now: number): number {
    const cutoff = now - 1000;
    this.global = this.global.filter((t) => t > cutoff);
    const chatTimes = chatId === undefined ? [] : (this.chats.get(chatId) ?? []).filter((t) => t > cutoff);
    const overGlobal = this.limit.globalPerSecond !== undefined && this.global.length >= this.limit.globalPerSecond;
    const overChat = this.limit.perChatPerSecond !== undefined && chatTimes.length >= this.limit.perChatPerSecond;
    if (overGlobal || overChat) {
      const oldest = Math.min(overGlobal ? (this.global[0] ?? now) : Infinity, overChat ? (chatTimes[0] ?? now) : Infinity);
      return this.limit.retryAfter ?? Math.max(1, Math.ceil((oldest + 1000 - now) / 1000));
    }
    this.global.push(now);
    if (chatId !== undefined) {
      chatTimes.push(now);
      this.chats.set(chatId, chatTimes);
    }
    return 0;
  }
}
