/**
 * Microbenchmark of the Redis turn store alone: begin + commit per turn, 200 chats × 70
 * messages each per round, no engine. Rounds alternate locked turns (every message locks:
 * two round trips) and quick ones (speculative from this process's copy after a chat's first
 * message: one round trip). Prints turns/s per round (the first two rounds warm up).
 */
import { createRedisClient, createRedisStore } from '../src/store/redis-store.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `so:${Date.now()}:`;
const client = createRedisClient(url);
const store = createRedisStore({ url, prefix }, client);
const session = JSON.stringify({ v: 1, locale: 'vi', pad: 'x'.repeat(500) });
let seq = 0;
/** Chats in flight: under the 256 above which a process stops speculating (redis-sessions.ts). */
const CHATS = 200;
/** Messages per chat per round (14,000 turns a round). */
const MESSAGES = 70;
/** Redis's own CPU seconds so far (the whole server: other clients' load shows up too). */
const redisCpu = async (): Promise<number> => {
  const info = await client.info('cpu');
  const field = (name: string): number => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
};
for (let round = 0; round < 8; round++) {
  const quick = round % 2 === 1;
  const redis0 = await redisCpu();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  await Promise.all(
    Array.from({ length: CHATS }, async (_, i) => {
      for (let k = 0; k < MESSAGES; k++) {
        const t = await store.sessions.begin(`web:r${round}-${i}`, `m${++seq}`, { quick });
        // Nothing else writes these chats, so a speculative turn never has to start over.
        if ((await t.commit(session)) !== null) throw new Error('a speculative turn went stale');
        n++;
      }
    }),
  );
  const rate = Math.round(n / ((performance.now() - t0) / 1000));
  const cpu = process.cpuUsage(cpu0);
  const redisUs = ((await redisCpu()) - redis0) * 1e6;
  // CPU per turn is the steadier figure on a shared machine (Redis and other jobs take cores too).
  console.log(quick ? 'quick ' : 'locked', rate, 'turns/s', `(node CPU ${((cpu.user + cpu.system) / n).toFixed(1)} µs/turn, Redis CPU ${(redisUs / n).toFixed(1)} µs/turn)`);
}

// Delete this run's keys (sessions and seen markers) so the bench leaves Redis as it found it.
let cursor = '0';
do {
  const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
  cursor = next;
  if (keys.length > 0) await client.unlink(...keys);
} while (cursor !== '0');
await store.close();
process.exit(0);
