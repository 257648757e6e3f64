import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../../src/store/redis-store.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';

type Writes = { count: number };

/** Counts the socket's writes (one `_write` or `_writev` call is one trip to the kernel). */
function countWrites(redis: Redis): Writes {
  const stream = redis.stream as unknown as { _write: (...a: unknown[]) => unknown; _writev?: (...a: unknown[]) => unknown };
  const counter = { count: 0 };
  const write = stream._write.bind(stream);
  stream._write = (...a) => (counter.count++, write(...a));
  if (stream._writev) {
    const writev = stream._writev.bind(stream);
    stream._writev = (...a) => (counter.count++, writev(...a));
  }
  return counter;
}

describe('the app’s Redis client (createRedisClient)', () => {
  const client = createRedisClient(testRedisUrl());
  const plain = new Redis(testRedisUrl());
  const key = `${uniquePrefix('tick')}n`;
  beforeAll(async () => {
    await Promise.all([client.ping(), plain.ping()]);
  });
  afterAll(async () => {
    await client.del(key);
    await Promise.all([client.quit(), plain.quit()]);
  });

  it('sends one tick’s commands in one write, in order', async () => {
    const writes = countWrites(client);
    const replies = await Promise.all(Array.from({ length: 50 }, () => client.incr(key)));
    expect(replies).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(writes.count).toBe(1);
  });

  it('gives commands of the next tick their own write', async () => {
    const writes = countWrites(client);
    await client.get(key);
    await client.get(key);
    expect(writes.count).toBe(2);
  });

  it('does not use ioredis’ auto-pipelining (whose batches wait for each other)', async () => {
    const pending = Promise.all([client.get(key), client.get(key)]);
    expect(client.autoPipelineQueueSize).toBe(0);
    await pending;
  });

  // The control: without the batching, the same 50 commands are 50 writes, so the first test
  // would catch a client that stopped merging them.
  it('(control) a plain client writes each command on its own', async () => {
    const writes = countWrites(plain);
    await Promise.all(Array.from({ length: 50 }, () => plain.get(key)));
    expect(writes.count).toBeGreaterThan(10);
  });

  it('answers commands sent before the connection is ready', async () => {
    const early = createRedisClient(testRedisUrl());
    try {
      expect(await Promise.all([early.set(`${key}:early`, 'v', 'EX', 60), early.get(`${key}:early`)])).toEqual(['OK', 'v']);
    } finally {
      await early.quit();
    }
  });
});
