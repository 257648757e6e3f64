/**
 * @module Zalo settings from the environment, validated once at boot (one zod schema per
 * integration, as design.md asks). The composition root merges `ZaloEnvSchema` into the app's
 * env schema and passes the parsed `ZaloConfig` to the channel.
 */
import { join } from 'node:path';
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .default('0')
  .transform((v) => v === '1' || v === 'true' || v === 'yes' || v === 'on');

export const ZaloEnvSchema = z.object({
  ZALO_ENABLED: flag,
  /** Default `<DATA_DIR>/zalo/credentials.json`. */
  ZALO_CREDENTIALS_PATH: z.string().min(1).optional(),
  /** Minimum gap between two messages to the same chat. */
  ZALO_SEND_CHAT_INTERVAL_MS: ms(1500),
  /** Messages per minute across all chats of the account. */
  ZALO_SEND_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** Messages kept in memory while Zalo is unreachable; beyond it sends fail fast. */
  ZALO_SEND_QUEUE_MAX: z.coerce.number().int().min(1).default(2000),
  ZALO_RECONNECT_BASE_MS: ms(1000),
  ZALO_RECONNECT_CAP_MS: ms(5 * 60_000),
  /** How long to wait before reconnecting after Zalo Web took the session over (3000). */
  ZALO_DUPLICATE_RETRY_MS: ms(10 * 60_000),
  /** How often to re-read the credentials file after they were missing or rejected. */
  ZALO_CREDENTIALS_RETRY_MS: ms(5 * 60_000),
  /** A connected socket silent this long is recycled. */
  ZALO_WATCHDOG_SILENT_MS: ms(3 * 60_000),
  ZALO_KEEPALIVE_MS: ms(5 * 60_000),
});

export interface ZaloConfig {
  enabled: boolean;
  credentialsPath: string;
  send: { chatIntervalMs: number; perMinute: number; maxQueued: number };
  reconnect: { baseMs: number; capMs: number; duplicateRetryMs: number; credentialsRetryMs: number; watchdogSilentMs: number };
  keepAliveMs: number;
}

export function defaultCredentialsPath(dataDir: string): string {
  return join(dataDir, 'zalo', 'credentials.json');
}

/** Parses the ZALO_* variables; throws a ZodError naming the variable when one is malformed. */
export function parseZaloConfig(env: Record<string, string | undefined>, dataDir: string): ZaloConfig {
  const e = ZaloEnvSchema.parse(env);
  return {
    enabled: e.ZALO_ENABLED,
    credentialsPath: e.ZALO_CREDENTIALS_PATH ?? defaultCredentialsPath(dataDir),
    send: { chatIntervalMs: e.ZALO_SEND_CHAT_INTERVAL_MS, perMinute: e.ZALO_SEND_PER_MINUTE, maxQueued: e.ZALO_SEND_QUEUE_MAX },
    reconnect: {
      baseMs: e.ZALO_RECONNECT_BASE_MS,
      capMs: e.ZALO_RECONNECT_CAP_MS,
      duplicateRetryMs: e.ZALO_DUPLICATE_RETRY_MS,
      credentialsRetryMs: e.ZALO_CREDENTIALS_RETRY_MS,
      watchdogSilentMs: e.ZALO_WATCHDOG_SILENT_MS,
    },
    keepAliveMs: e.ZALO_KEEPALIVE_MS,
  };
}
