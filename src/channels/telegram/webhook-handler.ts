/**
 * @module Webhook mode: the app's HTTP server mounts `path` and passes each request's
 * headers and parsed JSON body to `handle`, which checks Telegram's secret-token header
 * (401 missing, 403 wrong — compared in constant time) and answers the status to send.
 * The update is handled before answering, so Telegram redelivers it if we crash meanwhile.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

export type Headers = Record<string, string | string[] | undefined>;

export interface TelegramWebhook {
  /** The path of TELEGRAM_WEBHOOK_URL, e.g. `/telegram/webhook`; mount POST on it. */
  readonly path: string;
  /** Handles one webhook request; resolves with the HTTP status to answer (200, 400, 401, 403, 503). */
  handle(headers: Headers, body: unknown): Promise<number>;
}

function header(headers: Headers, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export function createWebhook(opts: {
  path: string;
  secretToken: string;
  isReady(): boolean;
  accept(update: unknown): Promise<boolean>;
}): TelegramWebhook {
  return {
    path: opts.path,
    async handle(headers, body) {
      const got = header(headers, SECRET_HEADER);
      if (got === undefined) return 401;
      if (!sameSecret(got, opts.secretToken)) return 403;
      // Telegram retries non-2xx answers: say "later" while starting or stopping.
      if (!opts.isReady()) return 503;
      return (await opts.accept(body)) ? 200 : 400;
    },
  };
}
