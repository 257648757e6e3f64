/**
 * @module Builds the chat channels the configuration enables (Telegram, Zalo) besides the
 * always-on web chat. A channel that cannot be built is logged; the app runs without it.
 */
import type { Logger } from 'pino';
import type { Channel } from '../channels/channel.ts';
import { TelegramChannel } from '../channels/telegram/telegram-channel.ts';
import { telegramOptionsFromEnv } from '../channels/telegram/telegram-env.ts';
import { createZaloChannel } from '../channels/zalo/create-zalo-channel.ts';
import { parseZaloConfig } from '../channels/zalo/zalo-config.ts';
import type { Config } from '../config/config.ts';

export function buildChannels(config: Config, logger: Logger): Channel[] {
  const channels: Channel[] = [];
  try {
    const telegram = telegramOptionsFromEnv(process.env);
    if (telegram) channels.push(new TelegramChannel({ ...telegram, logger: logger.child({ channel: 'telegram' }) }));
  } catch (e) {
    logger.error({ channel: 'telegram', err: e instanceof Error ? e.message : String(e) }, 'Telegram is not configured correctly; running without it');
  }
  try {
    const zalo = parseZaloConfig(process.env, config.dataDir);
    if (zalo.enabled) {
      channels.push(createZaloChannel(zalo, { log: logger.child({ channel: 'zalo' }), defaultLocale: config.env.DEFAULT_LOCALE }).channel);
    }
  } catch (e) {
    logger.error({ channel: 'zalo', err: e instanceof Error ? e.message : String(e) }, 'Zalo is not configured correctly; running without it');
  }
  return channels;
}
