/**
 * @module TelegramChannel's options: the data part validated with zod (token, apiRoot,
 * webhook, limits), the logger and hooks typed. Limits default to Telegram's published
 * flood limits with a margin; tests pass fast settings.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { MotcuaError } from '../../errors.ts';
import type { Translate } from '../../i18n/locales.ts';

/** What the channel needs from a logger; pino's Logger fits. Never give it message text. */
export interface ChannelLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const Rate = z.strictObject({
  /** Sustained messages per second. */
  perSecond: z.number().positive(),
  /** Messages that may go at once before pacing starts. */
  burst: z.number().int().min(1),
});

export const LimitsSchema = z.strictObject({
  /** Telegram: about one message per second per chat, short bursts tolerated. */
  perChat: Rate.default({ perSecond: 1, burst: 3 }),
  /** Telegram: about 30 messages per second across chats; 25 + 5 keeps any second under 30. */
  global: Rate.default({ perSecond: 25, burst: 5 }),
  retry: z
    .strictObject({
      /** Tries per API call on network errors and 5xx before DELIVERY_FAILED. */
      attempts: z.number().int().min(1).default(5),
      baseDelayMs: z.number().int().min(0).default(500),
      maxDelayMs: z.number().int().min(0).default(15_000),
      /** 429s honoured per call before RATE_LIMITED is thrown. */
      rateLimitedAttempts: z.number().int().min(1).default(5),
    })
    .prefault({}),
  /** A 429 asking to wait longer than this is not waited out in send(): RATE_LIMITED goes to the caller (the outbox). */
  maxRetryAfterMs: z.number().int().min(0).default(60_000),
  /** telegraf's handlerTimeout: a stuck update stops blocking the next getUpdates after this. */
  handlerTimeoutMs: z.number().int().min(1).default(60_000),
  /** How many recent update ids are remembered to drop redeliveries. */
  dedupeWindow: z.number().int().min(1).default(10_000),
  /** Per-chat state (keyboards, pacing, locale) is kept for this many chats, least recently used evicted. */
  maxChats: z.number().int().min(1).default(50_000),
  /** The "chat with me privately" reply goes to a group at most this often. */
  groupReplyIntervalMs: z.number().int().min(0).default(10 * 60_000),
  /** A typing indicator lasts about 5 s; don't resend it sooner than this. */
  typingIntervalMs: z.number().int().min(0).default(4000),
  /** Wait before restarting long polling after it failed (doubles up to 30 s). */
  pollingRestartMs: z.number().int().min(0).default(1000),
  /** stop() waits at most this long for in-flight updates. */
  stopTimeoutMs: z.number().int().min(0).default(5000),
  /**
   * A Bot API call that has not answered after this long counts as a network failure and is
   * retried (telegraf's own timeout is 500 s, which would hold a chat's queue for minutes).
   */
  requestTimeoutMs: z.number().int().min(1).default(30_000),
  /** Timeout for downloading one file. */
  downloadTimeoutMs: z.number().int().min(1).default(30_000),
});
export type TelegramLimits = z.infer<typeof LimitsSchema>;
export type TelegramLimitsInput = z.input<typeof LimitsSchema>;

// BotFather tokens are `<bot id>:<35 url-safe characters>`; stay loose on the length.
const TOKEN = /^\d{3,}:[\w-]{20,}$/;

const DataSchema = z.strictObject({
  token: z.string().regex(TOKEN, 'TELEGRAM_BOT_TOKEN looks malformed: it should look like 123456789:AAH… as BotFather gives it'),
  apiRoot: z.url({ protocol: /^https?$/, error: 'TELEGRAM_API_ROOT must be an http(s) URL such as https://api.telegram.org' }).optional(),
  webhook: z
    .strictObject({
      url: z.url({ protocol: /^https?$/, error: 'TELEGRAM_WEBHOOK_URL must be an http(s) URL (Telegram itself requires https)' }),
      secretToken: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,256}$/, 'TELEGRAM_WEBHOOK_SECRET must be 1–256 characters of A–Z, a–z, 0–9, _ and -')
        .optional(),
    })
    .optional(),
  limits: LimitsSchema.prefault({}),
  /** Forward stickers, voice, video, files and edits to the engine as `unsupported` instead of answering here. */
  forwardUnsupported: z.boolean().default(false),
});

export interface TelegramChannelOptions {
  /** TELEGRAM_BOT_TOKEN from BotFather. */
  token: string;
  /** TELEGRAM_API_ROOT: another Bot API server (self-hosted, tests). Default https://api.telegram.org. */
  apiRoot?: string;
  /** Webhook mode (TELEGRAM_WEBHOOK_URL, TELEGRAM_WEBHOOK_SECRET); long polling without it. */
  webhook?: { url: string; secretToken?: string };
  logger: ChannelLogger;
  limits?: TelegramLimitsInput;
  forwardUnsupported?: boolean;
  /** Called when a chat blocked the bot (403) or no longer exists: stop pushing to it. */
  onUnreachable?: (chatId: string) => void | Promise<void>;
  /** Bot texts; defaults to the repository's locales. */
  translate?: Translate;
}

export interface ResolvedOptions {
  token: string;
  apiRoot: string;
  webhook: { url: string; path: string; secretToken: string; generatedSecret: boolean } | undefined;
  limits: TelegramLimits;
  forwardUnsupported: boolean;
}

/** Validates the data options; throws MotcuaError(CONFIG_INVALID) naming what to fix. */
export function resolveOptions(opts: TelegramChannelOptions): ResolvedOptions {
  const r = DataSchema.safeParse({
    token: opts.token,
    apiRoot: opts.apiRoot,
    webhook: opts.webhook,
    limits: opts.limits,
    forwardUnsupported: opts.forwardUnsupported,
  });
  if (!r.success) {
    const msg = r.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    throw new MotcuaError('CONFIG_INVALID', `Telegram channel: ${msg}`);
  }
  const d = r.data;
  const secret = d.webhook?.secretToken;
  return {
    token: d.token,
    apiRoot: (d.apiRoot ?? 'https://api.telegram.org').replace(/\/+$/, ''),
    webhook: d.webhook && {
      url: d.webhook.url,
      path: new URL(d.webhook.url).pathname,
      // Without a configured secret one per process still keeps strangers out; several
      // instances behind one URL must share TELEGRAM_WEBHOOK_SECRET.
      secretToken: secret ?? randomBytes(32).toString('base64url'),
      generatedSecret: secret === undefined,
    },
    limits: d.limits,
    forwardUnsupported: d.forwardUnsupported,
  };
}
