/**
 * @module How fast a broadcast may send on each channel: a share (BROADCAST_RATE_SHARE) of the
 * rate the channel itself enforces — Telegram's TELEGRAM_RATE_GLOBAL (default 25/s, under
 * Telegram's ~30/s), Zalo's ZALO_SEND_PER_MINUTE — so replies and status pushes keep the rest.
 * Per-chat limits need no pacing here: a broadcast sends one item per chat.
 */
import type { ChannelName } from '../channels/channel.ts';

export interface ChannelRateEnv {
  BROADCAST_RATE_SHARE: number;
  BROADCAST_RATE_WEB: number;
  TELEGRAM_RATE_GLOBAL?: number | undefined;
  ZALO_SEND_PER_MINUTE: number;
}

/** The Telegram channel's own default (options.ts LimitsSchema: global 25/s). */
const TELEGRAM_DEFAULT_GLOBAL = 25;

export function channelRates(env: ChannelRateEnv): (channel: ChannelName) => number {
  const share = env.BROADCAST_RATE_SHARE;
  const rates: Record<ChannelName, number> = {
    telegram: (env.TELEGRAM_RATE_GLOBAL ?? TELEGRAM_DEFAULT_GLOBAL) * share,
    zalo: (env.ZALO_SEND_PER_MINUTE / 60) * share,
    web: env.BROADCAST_RATE_WEB,
    console: env.BROADCAST_RATE_WEB,
  };
  return (channel) => rates[channel];
}
