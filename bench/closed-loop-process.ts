/**
 * @module One closed loop of motcua on Redis in a process of its own, as the peer runs in one:
 * `node <the service's flags> --import tsx bench/closed-loop-process.ts <redis url> [chats]
 * [rounds] [warm-up rounds]` prints `{"msgsPerSec": n}`. `npm run bench` alternates it with
 * the peer for the paired ratio, so both sides start from a fresh process and neither inherits
 * the other targets' heap (the memory stores, the decoded photos of the whole-procedure runs).
 * Same work as the main measurement: khai-sinh's text messages, each citizen with its own
 * answers. Three warm-up rounds by default: in the main run the targets before have run the
 * engine for about as long; with one, a fresh process measured 10–15 % lower (2026-11-29).
 */
import { createMemoryStore } from '../src/store/memory-store.ts';
import { createRedisClient, createRedisStore } from '../src/store/redis-store.ts';
import { createHarness, documentJpeg } from '../test/support/engine-harness.ts';
import { deriveScript } from './citizen-script.ts';
import { closedLoop } from './loops.ts';
import { sessionCopies } from './session-copies-env.ts';
import { citizenScripts } from './vary-script.ts';

const [url, chatsArg, roundsArg, warmArg] = process.argv.slice(2);
if (!url) throw new Error('usage: closed-loop-process.ts <redis url> [chats] [rounds] [warm-up rounds]');
const chats = Number(chatsArg ?? 1000);
const rounds = Number(roundsArg ?? 1);
const warm = Number(warmArg ?? 3);

const script = await deriveScript(createHarness({ store: createMemoryStore() }), 'làm giấy khai sinh cho con', await documentJpeg(640, 480));
const firstPhoto = script.findIndex((e) => e.kind === 'photo');
const scripts = (process.env.SAME_ANSWERS === '1' ? [script] : citizenScripts(script, chats)).map((s) => s.slice(0, firstPhoto));
const client = createRedisClient(url);
const prefix = `bench-pair:${process.pid}:${Date.now()}:`;
const h = createHarness({ store: createRedisStore({ url, prefix, ...sessionCopies() }, client) });
for (let w = 0; w < warm; w++) await closedLoop(h, scripts, `warm${w}`, chats);
const { msgsPerSec } = await closedLoop(h, scripts, 'c', chats, rounds);
const keys = await client.keys(`${prefix}*`);
for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
process.stdout.write(`${JSON.stringify({ msgsPerSec })}\n`);
process.exit(0);
