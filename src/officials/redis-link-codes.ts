/**
 * @module Live chat-link codes in Redis, so a code shown by one process of the deployment can be
 * redeemed by another (and survives a restart). One key per code (its official and expiry, read
 * back through zod) and one per official (their live code), both expiring with the code.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { LinkCode, PendingLinkCodes } from './official-links.ts';

const Entry = z.object({ username: z.string().min(1).max(64), expiresAt: z.number().int() });

export class RedisLinkCodes implements PendingLinkCodes {
  constructor(
    private readonly redis: Redis,
    /** The app's key prefix (REDIS_PREFIX). */
    private readonly prefix: string,
  ) {}

  async put(code: string, username: string, expiresAt: number, now: number): Promise<boolean> {
    const ttl = Math.max(1, expiresAt - now);
    const stored = await this.redis.set(this.codeKey(code), JSON.stringify({ username, expiresAt }), 'PX', ttl, 'NX');
    if (stored !== 'OK') return false;
    // The official's previous code stops working (GET: whichever of two racing issues comes last wins).
    const previous = await this.redis.set(this.userKey(username), code, 'PX', ttl, 'GET');
    if (previous && previous !== code) await this.redis.del(this.codeKey(previous));
    return true;
  }

  async pending(username: string, now: number): Promise<LinkCode | null> {
    const code = await this.redis.get(this.userKey(username));
    if (!code) return null;
    const entry = this.parse(await this.redis.get(this.codeKey(code)));
    return entry && entry.username === username && entry.expiresAt > now ? { code, expiresAt: new Date(entry.expiresAt) } : null;
  }

  async take(code: string, now: number): Promise<string | null> {
    // GETDEL: of two chats typing the same code at once, one gets it.
    const entry = this.parse(await this.redis.getdel(this.codeKey(code)));
    if (!entry || entry.expiresAt <= now) return null;
    const userKey = this.userKey(entry.username);
    if ((await this.redis.get(userKey)) === code) await this.redis.del(userKey);
    return entry.username;
  }

  private parse(raw: string | null): z.infer<typeof Entry> | null {
    if (raw === null) return null;
    try {
      const parsed = Entry.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  private codeKey(code: string): string {
    return `${this.prefix}official-link:code:${code}`;
  }

  private userKey(username: string): string {
    return `${this.prefix}official-link:official:${username}`;
  }
}
