/**
 * @module Sorts what a Bot API call threw into what to do about it. telegraf throws
 * TelegramError for answers with ok=false and for HTTP ≥ 500 (without a body), and
 * node-fetch's FetchError for connection failures.
 */
import { TelegramError } from 'telegraf';

export type ApiFailure =
  /** 429: wait `retryAfterMs`, then try again. */
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** 403, or 400 "chat not found": the user blocked the bot or the chat is gone. */
  | { kind: 'unreachable'; description: string }
  /** Network error or 5xx: retry with backoff. */
  | { kind: 'transient'; description: string }
  /** 401: the token was revoked or is wrong. */
  | { kind: 'unauthorized' }
  /** 400 "can't parse entities": the HTML was wrong; resend as plain text. */
  | { kind: 'bad-html'; description: string }
  /** 400 "message is not modified" / "message to edit not found" / "can't be edited": nothing to do. */
  | { kind: 'edit-moot'; description: string }
  /** Any other 4xx: retrying will not help. */
  | { kind: 'rejected'; code: number; description: string };

export function classifyError(err: unknown): ApiFailure {
  if (err instanceof TelegramError) {
    const code = err.code;
    const description = err.description;
    if (code === 429) return { kind: 'rate-limited', retryAfterMs: Math.max(0, err.parameters?.retry_after ?? 1) * 1000 };
    if (code === 403) return { kind: 'unreachable', description };
    if (code === 401) return { kind: 'unauthorized' };
    if (code >= 500) return { kind: 'transient', description: `HTTP ${code}` };
    if (code === 400 && /chat not found|user is deactivated|PEER_ID_INVALID/i.test(description)) return { kind: 'unreachable', description };
    if (code === 400 && /can't parse entities/i.test(description)) return { kind: 'bad-html', description };
    if (code === 400 && /message is not modified|message to edit not found|message can't be edited/i.test(description)) {
      return { kind: 'edit-moot', description };
    }
    return { kind: 'rejected', code, description };
  }
  // FetchError (ECONNRESET, ECONNREFUSED, invalid-json from a proxy page), timeouts: all worth retrying.
  const name = err instanceof Error ? err.name : 'Error';
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  return { kind: 'transient', description: code ? `${name} ${code}` : name };
}
