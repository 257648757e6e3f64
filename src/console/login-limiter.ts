/**
 * @module Failed logins counted per username and per client address in a sliding window.
 * Over the limit, logins are refused — even with the right password — until the window moves
 * on. The address limit is higher: a ward office's officials share one public address.
 */

export interface LoginLimits {
  windowMs: number;
  perUsername: number;
  perAddress: number;
  /** Most keys tracked (oldest dropped first). */
  maxKeys: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { windowMs: 15 * 60_000, perUsername: 5, perAddress: 20, maxKeys: 50_000 };

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when a login may be tried; otherwise how long until one may. */
  retryAfterMs(username: string, address: string): number {
    return Math.max(this.wait(`u:${username}`, this.limits.perUsername), this.wait(`a:${address}`, this.limits.perAddress));
  }

  fail(username: string, address: string): void {
    this.push(`u:${username}`);
    this.push(`a:${address}`);
  }

  /** A successful login clears the username's failures (not the address's). */
  succeed(username: string): void {
    this.failures.delete(`u:${username}`);
  }

  get windowMs(): number {
    return this.limits.windowMs;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  private wait(key: string, limit: number): number {
    const list = this.recent(key);
    if (list.length < limit) return 0;
    // The window must move past the oldest failure that keeps the count at the limit.
    return list[list.length - limit]! + this.limits.windowMs - this.now();
  }

  private push(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.delete(key);
    this.failures.set(key, list);
    if (this.failures.size > this.limits.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }
}
