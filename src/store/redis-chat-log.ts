/**
 * @module A chat's outbound log in Redis (what the web chat polls): a sequence counter and a
 * capped list of entries, expiring with the chat's inactivity.
 */
import type { Redis } from 'ioredis';
import { parseChatLogEntry } from './chat-log-entry.ts';
import type { ChatLogEntry, ChatLogStore } from './store.ts';

const KEEP = 500;

export class RedisChatLog implements ChatLogStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlS: number,
  ) {}

  private keys(chatKey: string): { seq: string; list: string; reset: string } {
    const p = `${this.prefix}{${chatKey}}:log`;
    return { seq: `${p}:seq`, list: p, reset: `${p}:reset` };
  }

  async append(chatKey: string, messages: ChatLogEntry['message'][]): Promise<number[]> {
    if (messages.length === 0) return [];
    const k = this.keys(chatKey);
    const last = await this.redis.incrby(k.seq, messages.length);
    const first = last - messages.length + 1;
    const at = new Date().toISOString();
    const entries = messages.map((message, i) => JSON.stringify({ seq: first + i, at, message }));
    // Concurrent appends may interleave list order; readers sort by seq.
    await this.redis.multi().rpush(k.list, ...entries).ltrim(k.list, -KEEP, -1).expire(k.list, this.ttlS).expire(k.seq, this.ttlS).exec();
    return messages.map((_, i) => first + i);
  }

  async after(chatKey: string, seq: number, limit: number): Promise<ChatLogEntry[]> {
    const raws = await this.redis.lrange(this.keys(chatKey).list, 0, -1);
    return raws
      .map(parseChatLogEntry)
      .filter((e) => e.seq > seq)
      .sort((a, b) => a.seq - b.seq)
      .slice(0, limit);
  }

  async position(chatKey: string): Promise<{ lastSeq: number; resetSeq: number }> {
    const k = this.keys(chatKey);
    const [last, reset] = await this.redis.mget(k.seq, k.reset);
    return { lastSeq: Number(last ?? 0), resetSeq: Number(reset ?? 0) };
  }

  async delete(chatKey: string): Promise<void> {
    const k = this.keys(chatKey);
    const last = (await this.redis.get(k.seq)) ?? '0';
    await this.redis.multi().del(k.list).set(k.reset, last, 'EX', this.ttlS).expire(k.seq, this.ttlS).exec();
  }
}
