/**
 * @module Failed logins counted per username and per client address in a sliding window.
 * Over the limit, logins are refused — even with the right password — until the window moves
 * on. The address limit is higher: a ward office's officials share one public address.
 * Two places to count: this process's memory (memory-login-limiter.ts) and Redis
 * (redis-login-limiter.ts), where every process and a restart see the same failures.
 */

export interface LoginLimits {
  windowMs: number;
  perUsername: number;
  perAddress: number;
  /** Most keys tracked (oldest dropped first). */
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMs: 15 * 60_000, perUsername: 5, perAddress: 20, maxKeys: 50_000 };

export interface LoginLimiter {
  /** 0 when a login may be tried; otherwise how long until one may. */
  retryAfterMs(username: string, address: string): Promise<number>;
  fail(username: string, address: string): Promise<void>;
  /** A successful login clears the username's failures (not the address's). */
  succeed(username: string): Promise<void>;
}

/**
 * How long until a login may be tried, given one key's failure times (oldest first) within the
 * window: the window must move past the oldest failure that keeps the count at the limit.
 */
export function waitFor(failures: readonly number[], limit: number, windowMs: number, now: number): number {
  if (failures.length < limit) return 0;
  return Math.max(0, failures[failures.length - limit]! + windowMs - now);
}
