/**
 * @module `npm run bench:speculative -- [chats]` — the engine's closed loop on khai-sinh's text
 * messages (each citizen with its own answers, as `npm run bench`), on Redis, with locked turns
 * only (SESSION_COPIES 0) against speculative ones, interleaved in one process: 8 rounds each,
 * alternating which goes first, so that the noise of a shared machine falls on both. Prints each
 * round's msg/s and CPU per message, then the medians and their ratio. REDIS_URL, or a
 * redis-server of its own.
 */
import { createMemoryStore } from '../src/store/memory-store.ts';
import { createRedisClient, createRedisStore } from '../src/store/redis-store.ts';
import { createHarness, documentJpeg } from '../test/support/engine-harness.ts';
import { startRedisServer } from '../test/support/redis.ts';
import { deriveScript } from './citizen-script.ts';
import { closedLoop } from './loops.ts';
import { citizenScripts } from './vary-script.ts';

const chats = Number(process.argv[2] ?? 1000);
const ROUNDS = 8;
/** Conversations per chat in each round: at least ~1,000 conversations a round however few chats are in flight. */
const conversations = Math.ceil(1000 / chats);

const photo = await documentJpeg(640, 480);
const script = await deriveScript(createHarness({ store: createMemoryStore() }), 'làm giấy khai sinh cho con', photo);
const firstPhoto = script.findIndex((e) => e.kind === 'photo');
const text = citizenScripts(script, chats).map((s) => s.slice(0, firstPhoto));

const own = process.env.REDIS_URL ? undefined : await startRedisServer();
const url = process.env.REDIS_URL ?? own!.url;
const variants = [
  { name: 'locked', copies: 0 },
  { name: 'speculative', copies: 10_000 },
].map((v) => ({ ...v, store: createRedisStore({ url, prefix: `spec-ab:${Date.now()}:${v.name}:`, sessionCopies: v.copies }, createRedisClient(url)), rates: [] as number[] }));
const harnesses = variants.map((v) => createHarness({ store: v.store }));

for (const h of harnesses) await closedLoop(h, text, 'warm', chats, conversations);
for (let round = 0; round < ROUNDS; round++) {
  for (const i of round % 2 ? [1, 0] : [0, 1]) {
    const cpu0 = process.cpuUsage();
    const out = await closedLoop(harnesses[i]!, text, `r${round}`, chats, conversations);
    const cpu = process.cpuUsage(cpu0);
    variants[i]!.rates.push(out.msgsPerSec);
    console.log(variants[i]!.name.padEnd(11), out.msgsPerSec, 'msg/s', ((cpu.user + cpu.system) / out.messages).toFixed(0), 'µs CPU/msg');
  }
}
const median = (a: number[]): number => a.slice().sort((x, y) => x - y)[a.length >> 1]!;
const [locked, speculative] = variants.map((v) => median(v.rates));
console.log(`${chats} chats in flight: median locked ${locked} msg/s, speculative ${speculative} msg/s, ratio ${(speculative! / locked!).toFixed(3)}`);
for (const v of variants) await v.store.close();
await own?.stop();
process.exit(0);
