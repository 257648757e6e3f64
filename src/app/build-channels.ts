/**
 * @module Builds the chat channels the configuration enables (Telegram, Zalo) besides the
 * always-on web chat, and with Zalo what the console's Zalo page needs (its connection state
 * and a QR login that saves where the channel reads). A channel that cannot be built is
 * logged; the app runs without it.
 */
import type { Logger } from 'pino';
import type { Channel } from '../channels/channel.ts';
import { TelegramChannel } from '../channels/telegram/telegram-channel.ts';
import { telegramOptionsFromEnv } from '../channels/telegram/telegram-env.ts';
import { createZaloChannel } from '../channels/zalo/create-zalo-channel.ts';
import { parseZaloConfig } from '../channels/zalo/zalo-config.ts';
import { ZaloLoginDesk } from '../channels/zalo/zalo-login-desk.ts';
import { zcaQrLogin } from '../channels/zalo/zca-qr-login.ts';
import type { Config } from '../config/config.ts';
import type { AppOptions } from './create-app.ts';

export function buildChannels(config: Config, logger: Logger): Pick<AppOptions, 'channels' | 'zalo'> {
  const channels: Channel[] = [];
  let zaloPage: AppOptions['zalo'];
  try {
    const telegram = telegramOptionsFromEnv(process.env);
    if (telegram) channels.push(new TelegramChannel({ ...telegram, logger: logger.child({ channel: 'telegram' }) }));
  } catch (e) {
    logger.error({ channel: 'telegram', err: e instanceof Error ? e.message : String(e) }, 'Telegram is not configured correctly; running without it');
  }
  try {
    const zalo = parseZaloConfig(process.env, config.dataDir);
    if (zalo.enabled) {
      const { channel, store } = createZaloChannel(zalo, { log: logger.child({ channel: 'zalo' }), defaultLocale: config.env.DEFAULT_LOCALE });
      channels.push(channel);
      zaloPage = { connection: channel, desk: new ZaloLoginDesk({ login: zcaQrLogin, credentials: store, onSaved: () => void channel.reloginNow() }) };
    }
  } catch (e) {
    logger.error({ channel: 'zalo', err: e instanceof Error ? e.message : String(e) }, 'Zalo is not configured correctly; running without it');
  }
  return { channels, ...(zaloPage ? { zalo: zaloPage } : {}) };
}
