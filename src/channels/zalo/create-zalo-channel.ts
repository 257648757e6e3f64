/**
 * @module Wires the real Zalo channel from configuration: credentials file → zca-js port →
 * channel (with its supervisor and send queue). The composition root calls this when
 * ZALO_ENABLED is set; tests build ZaloChannel over a fake port instead.
 */
import type { Locale } from '../channel.ts';
import { CredentialsStore } from './credentials-store.ts';
import type { ZaloConfig } from './zalo-config.ts';
import { ZaloChannel } from './zalo-channel.ts';
import type { ZaloLog } from './zalo-log.ts';
import { ZcaPort } from './zca-port.ts';

export function createZaloChannel(config: ZaloConfig, opts: { log?: ZaloLog; defaultLocale?: Locale } = {}): { channel: ZaloChannel; store: CredentialsStore } {
  const store = new CredentialsStore(config.credentialsPath);
  const port = new ZcaPort({ store, keepAliveMs: config.keepAliveMs, ...(opts.log ? { log: opts.log } : {}) });
  const channel = new ZaloChannel({
    port,
    supervisor: {
      reconnect: { baseMs: config.reconnect.baseMs, capMs: config.reconnect.capMs },
      duplicateRetryMs: config.reconnect.duplicateRetryMs,
      credentialsRetryMs: config.reconnect.credentialsRetryMs,
      watchdogSilentMs: config.reconnect.watchdogSilentMs,
    },
    queue: { chatIntervalMs: config.send.chatIntervalMs, perMinute: config.send.perMinute, maxQueued: config.send.maxQueued },
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.defaultLocale ? { defaultLocale: opts.defaultLocale } : {}),
  });
  return { channel, store };
}
