/**
 * @module Broadcast subscriptions in Redis: one hash, chat key → JSON, parsed on read. A
 * segment is selected by walking the hash (HSCAN), which suits the tens of thousands of
 * subscribers a ward has.
 */
import type { Redis } from 'ioredis';
import { inSegment, SubscriptionSchema, type Segment, type Subscription } from '../broadcast/subscription.ts';
import type { SubscriptionStore } from './store.ts';

export class RedisSubscriptions implements SubscriptionStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}subscriptions`;
  }

  async put(s: Subscription): Promise<void> {
    await this.redis.hset(this.key, `${s.channel}:${s.chatId}`, JSON.stringify(SubscriptionSchema.parse(s)));
  }

  async get(chatKey: string): Promise<Subscription | null> {
    const raw = await this.redis.hget(this.key, chatKey);
    return raw ? SubscriptionSchema.parse(JSON.parse(raw)) : null;
  }

  async remove(chatKey: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, chatKey)) > 0;
  }

  async list(segment: Segment): Promise<Subscription[]> {
    const out: Subscription[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await this.redis.hscan(this.key, cursor, 'COUNT', 1000);
      cursor = next;
      for (let i = 1; i < flat.length; i += 2) {
        const sub = SubscriptionSchema.parse(JSON.parse(flat[i]!));
        if (inSegment(sub, segment)) out.push(sub);
      }
    } while (cursor !== '0');
    return out;
  }
}
