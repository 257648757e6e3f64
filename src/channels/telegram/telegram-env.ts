/**
 * @module The Telegram part of the environment, validated once at boot (one zod schema per
 * integration, merged by the config module). No token: no Telegram channel.
 */
import { z } from 'zod';
import { MotcuaError } from '../../errors.ts';
import type { TelegramChannelOptions } from './options.ts';

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(blankToUndefined, z.string().trim().optional());
const optionalRate = z.preprocess(blankToUndefined, z.coerce.number().positive().optional());

export const TelegramEnvSchema = z.object({
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalString,
  TELEGRAM_WEBHOOK_URL: optionalString,
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  /** Messages per second to one chat (default 1). */
  TELEGRAM_RATE_PER_CHAT: optionalRate,
  /** Messages per second across all chats (default 25). */
  TELEGRAM_RATE_GLOBAL: optionalRate,
});

/** Channel options from the environment, without the logger and hooks; undefined without a token. */
export function telegramOptionsFromEnv(env: Record<string, string | undefined>): Omit<TelegramChannelOptions, 'logger'> | undefined {
  const r = TelegramEnvSchema.safeParse(env);
  if (!r.success) {
    throw new MotcuaError('CONFIG_INVALID', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const e = r.data;
  if (e.TELEGRAM_BOT_TOKEN === undefined) {
    if (e.TELEGRAM_WEBHOOK_URL !== undefined) throw new MotcuaError('CONFIG_INVALID', 'TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not');
    return undefined;
  }
  return {
    token: e.TELEGRAM_BOT_TOKEN,
    ...(e.TELEGRAM_API_ROOT !== undefined ? { apiRoot: e.TELEGRAM_API_ROOT } : {}),
    ...(e.TELEGRAM_WEBHOOK_URL !== undefined
      ? { webhook: { url: e.TELEGRAM_WEBHOOK_URL, ...(e.TELEGRAM_WEBHOOK_SECRET !== undefined ? { secretToken: e.TELEGRAM_WEBHOOK_SECRET } : {}) } }
      : {}),
    limits: {
      ...(e.TELEGRAM_RATE_PER_CHAT !== undefined ? { perChat: { perSecond: e.TELEGRAM_RATE_PER_CHAT, burst: 3 } } : {}),
      ...(e.TELEGRAM_RATE_GLOBAL !== undefined ? { global: { perSecond: e.TELEGRAM_RATE_GLOBAL, burst: 5 } } : {}),
    },
  };
}
