/**
 * After a reconnect ioredis sends again the commands that had no reply, and the first may have
 * run. Each turn script answers such a repeat as it answered the first, so a stored turn is not
 * reported as lost and its replies are not dropped as a redelivery's.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisScript } from '../../src/store/redis-script-runner.ts';
import { BEGIN_TURN, COMMIT_SPECULATIVE, END_TURN, TURN_DONE, TURN_DUP, TURN_OK } from '../../src/store/redis-scripts.ts';
import { testRedisUrl, uniquePrefix } from '../support/redis.ts';

const begin = new RedisScript(BEGIN_TURN);
const end = new RedisScript(END_TURN);
const commit = new RedisScript(COMMIT_SPECULATIVE);

describe('turn scripts run twice for one call', () => {
  const redis = new Redis(testRedisUrl());
  afterAll(() => redis.quit());
  const keys = (chat: string, message: string): string[] => {
    const p = `${uniquePrefix('repeat')}{web:${chat}}:`;
    return [`${p}lock`, `${p}waiters`, `${p}beats`, `${p}session`, `${p}seen:${message}`];
  };

  it('BEGIN_TURN grants its own lock again, with the session', async () => {
    const k = keys('b', 'm1');
    await redis.set(k[3]!, '{"v":1}');
    const args = ['tok-1', '5000', '1', '2000'];
    expect(await begin.run(redis, k, args)).toBe('{"v":1}');
    expect(await begin.run(redis, k, args)).toBe('{"v":1}');
    // Another message still waits behind it.
    expect(await begin.run(redis, k.slice(0, 4).concat(`${k[4]}-other`), ['tok-2', '5000', '1', '2000'])).toBe(0);
  });

  it('END_TURN reports done again instead of a lost turn; a lost turn is still lost', async () => {
    const k = keys('e', 'm1');
    expect(await begin.run(redis, k, ['tok-1', '5000', '1', '2000'])).toBe(TURN_OK);
    const endArgs = ['tok-1', 'set', '{"v":2}', '60', '60'];
    const endKeys = [k[0]!, k[3]!, k[4]!];
    expect(await end.run(redis, endKeys, endArgs)).toBe(1);
    expect(await end.run(redis, endKeys, endArgs)).toBe(1);
    expect(await redis.get(k[3]!)).toBe('{"v":2}');
    expect(await end.run(redis, endKeys, ['tok-someone-else', 'set', '{"v":3}', '60', '60'])).toBe(0);
  });

  it('COMMIT_SPECULATIVE reports done again, not a redelivery', async () => {
    const k = keys('c', 'm1');
    await redis.set(k[3]!, '{"v":1}');
    const args = ['tok-1', '5000', '1', '2000', '{"v":1}', 'set', '{"v":2}', '60', '60'];
    expect(await commit.run(redis, k, args)).toBe(TURN_DONE);
    expect(await commit.run(redis, k, args)).toBe(TURN_DONE);
    expect(await redis.get(k[3]!)).toBe('{"v":2}');
    // The same message from another turn (a real redelivery) is still a duplicate.
    expect(await commit.run(redis, k, ['tok-2', '5000', '1', '2000', '{"v":2}', 'set', '{"v":3}', '60', '60'])).toBe(TURN_DUP);
    expect(await redis.get(k[3]!)).toBe('{"v":2}');
  });
});
