/** @module Broadcast delivery settings, validated at boot with the rest of the configuration. */
import { z } from 'zod';

export const BroadcastEnvSchema = z.object({
  /**
   * Share of each channel's message rate (TELEGRAM_RATE_GLOBAL, ZALO_SEND_PER_MINUTE) a
   * broadcast may use. The rest stays free for replies and status pushes, which must not wait
   * behind ten thousand guidance messages.
   */
  BROADCAST_RATE_SHARE: z.coerce.number({ error: 'expected a share between 0.05 and 1, e.g. BROADCAST_RATE_SHARE=0.8' }).min(0.05).max(1).default(0.8),
  /** Web chat recipients per second (the web channel only appends to the chat log). */
  BROADCAST_RATE_WEB: z.coerce.number({ error: 'expected messages per second, e.g. BROADCAST_RATE_WEB=100' }).positive().max(10_000).default(100),
  /**
   * With Redis: one process delivers a broadcast at a time and renews its lease; after a crash
   * another (or the restarted) process resumes once the lease ran out — about this long.
   */
  BROADCAST_LEASE_MS: z.coerce.number({ error: 'expected milliseconds, e.g. BROADCAST_LEASE_MS=15000' }).int().min(500).max(600_000).default(15_000),
});
export type BroadcastEnv = z.infer<typeof BroadcastEnvSchema>;
