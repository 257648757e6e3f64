/**
 * @module Errors with stable codes, independent of transport (after Fastify's lib/errors.js).
 * The HTTP layer maps `status`; chat replies use the locale text keyed by the code.
 */

export const ERROR_CODES = {
  CONFIG_INVALID: 500,
  FLOW_INVALID: 500,
  FLOW_NOT_FOUND: 404,
  SESSION_STALE: 409,
  SESSION_CORRUPT: 500,
  STORE_UNAVAILABLE: 503,
  LOCK_TIMEOUT: 503,
  BAD_REQUEST: 400,
  TEXT_EMPTY: 400,
  TEXT_TOO_LONG: 400,
  CHOICE_INVALID: 400,
  PHOTO_INVALID: 400,
  PHOTO_TOO_LARGE: 413,
  PHOTO_TOO_SMALL: 400,
  LOCATION_INVALID: 400,
  DOSSIER_NOT_FOUND: 404,
  TRANSITION_INVALID: 409,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  /** details.retryAfterMs says when to try again (Telegram 429 retry_after, Zalo 221). */
  RATE_LIMITED: 429,
  /** The user blocked the bot (Telegram 403): stop pushing to this chat. */
  CHANNEL_UNREACHABLE: 410,
  /** Transient delivery failure (network, 5xx): retry with backoff. */
  DELIVERY_FAILED: 502,
  /** An outbox item's claim was taken over by another worker: this one sends nothing more of it. */
  CLAIM_LOST: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class MotcuaError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MotcuaError';
    this.code = code;
    this.status = ERROR_CODES[code];
    if (details) this.details = details;
  }
}

export function isMotcuaError(e: unknown, code?: ErrorCode): e is MotcuaError {
  return e instanceof MotcuaError && (code === undefined || e.code === code);
}
