/**
 * @module Failed logins counted in this process's memory (the memory store): each process
 * counts its own, and a restart forgets them. Bounded to `maxKeys` keys, the oldest dropped first.
 */
import { DEFAULT_LOGIN_LIMITS, waitFor, type LoginLimiter, type LoginLimits } from './login-limiter.ts';

export class MemoryLoginLimiter implements LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async retryAfterMs(username: string, address: string): Promise<number> {
    return Math.max(this.wait(`u:${username}`, this.limits.perUsername), this.wait(`a:${address}`, this.limits.perAddress));
  }

  async fail(username: string, address: string): Promise<void> {
    this.push(`u:${username}`);
    this.push(`a:${address}`);
  }

  async succeed(username: string): Promise<void> {
    this.failures.delete(`u:${username}`);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  private wait(key: string, limit: number): number {
    return waitFor(this.recent(key), limit, this.limits.windowMs, this.now());
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
