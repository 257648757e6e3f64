/** @module The Telegram channel (re-exports only). Only this folder imports telegraf. */
export { TelegramChannel } from './telegram-channel.ts';
export type { TelegramChannelOptions, TelegramLimits, TelegramLimitsInput, ChannelLogger } from './options.ts';
export type { TelegramWebhook } from './webhook-handler.ts';
export { telegramOptionsFromEnv } from './telegram-env.ts';
