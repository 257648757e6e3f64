/** @module The outbox's settings, validated at boot with the rest of the configuration. */
import { z } from 'zod';

export const OutboxEnvSchema = z.object({
  /** Pushes sent at the same time per process (different chats; a chat's own go one by one). */
  OUTBOX_CONCURRENCY: z.coerce.number({ error: 'expected a number, e.g. OUTBOX_CONCURRENCY=64' }).int().min(1).max(1000).default(64),
  /**
   * With Redis: after about this long (up to twice it) another process takes over the pushes a
   * dead process was sending, and marks any it may have sent DELIVERY_UNCERTAIN. Shorter is
   * quicker but risks taking over from a process that is only slow.
   */
  OUTBOX_TAKEOVER_MS: z.coerce.number({ error: 'expected milliseconds, e.g. OUTBOX_TAKEOVER_MS=30000' }).int().min(500).max(600_000).default(30_000),
});
