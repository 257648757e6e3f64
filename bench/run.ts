/**
 * `npm run bench [chats] [rounds]` — simulated citizens complete khai-sinh in-process through
 * the real engine, against the memory store and a real Redis, and in the same run the peer
 * baseline from ../shared/bench (a Telegraf WizardScene with its session in Redis).
 * Prints, for each: messages/s closed-loop with `chats` in flight, p50/p99 latency open-loop at
 * half that rate, and bytes stored per conversation in progress.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InboundEvent } from '../src/channels/channel.ts';
import { createMemoryStore } from '../src/store/memory-store.ts';
import { createRedisClient, createRedisStore } from '../src/store/redis-store.ts';
import type { Store } from '../src/store/store.ts';
import { createHarness, documentJpeg, type Harness } from '../test/support/engine-harness.ts';
import { startRedisServer } from '../test/support/redis.ts';
import { deriveScript } from './citizen-script.ts';
import { watchGcPauses } from './gc-pauses.ts';
import { sessionCopies } from './session-copies-env.ts';
import { closedLoop, openLoop, type Scripts } from './loops.ts';
import { checkScripts, citizenScripts } from './vary-script.ts';

const chats = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 1);
/**
 * Open-loop windows of `chats` arrivals measured after the ramp-up: 40,000 latencies with 1,000
 * chats, so p99 is the 400th slowest message rather than the 140th (14 windows, as before, moved
 * p99 by a few milliseconds from run to run).
 */
const MEASURED_WINDOWS = 40;
/** Closed loops of motcua on Redis and of the peer, alternately, each in a fresh process, after the main measurements. */
const PAIRS = 4;
const PEER = fileURLToPath(new URL('../../shared/bench/run-telegraf-baseline.sh', import.meta.url));
const OURS = fileURLToPath(new URL('./closed-loop-process.ts', import.meta.url));
/** The service's V8 flags (bin/motcua.js), as `npm run bench` runs this process. */
const SERVICE_FLAGS = ['--max-semi-space-size=32', '--no-allocation-site-pretenuring'];

/** Average and largest stored session while a conversation is in progress (every point of the script). */
async function bytesInProgress(h: Harness, script: readonly InboundEvent[], tag: string): Promise<{ avg: number; max: number }> {
  const sizes: number[] = [];
  const chat = `${tag}-bytes`;
  for (const e of script.slice(0, -1)) {
    await h.send(chat, e);
    const raw = await h.store.sessions.peek(`web:${chat}`);
    if (raw) sizes.push(Buffer.byteLength(raw));
  }
  return { avg: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length), max: Math.max(...sizes) };
}

async function measure(name: string, store: Store, scripts: Scripts, what: string): Promise<Record<string, string | number>> {
  // The previous target's garbage (a memory store holds every citizen's session) is collected
  // now, not by a major GC in the middle of this target's open loop. Nothing of this target's
  // own is collected for it: its warm-up and closed loop run after this.
  globalThis.gc?.();
  const h = createHarness({ store });
  // One full round of every citizen before measuring: the engine runs much more code than the
  // peer's form, and V8 needs a few thousand messages to optimise it (the first round runs at
  // about half the steady rate) — a server that has been up for a minute is past that.
  await closedLoop(h, scripts, `${name}-warm`, chats);
  const closed = await closedLoop(h, scripts, `${name}-c`, chats, rounds);
  // The pauses are printed beside the figures: the open loop's p99 moves with them.
  const gc = watchGcPauses(3);
  const open = await openLoop(h, scripts, Math.round(closed.msgsPerSec / 2), `${name}-o`, chats, MEASURED_WINDOWS);
  process.stdout.write(`${name}, ${what}: GC pauses of 3 ms or more in the open loop: ${gc.stop()}\n`);
  const bytes = await bytesInProgress(h, scripts[0]!, name);
  return {
    target: `motcua + ${name}: ${what}`,
    msgsPerSec: closed.msgsPerSec,
    closedP99ms: closed.p99.toFixed(2),
    openRate: Math.round(closed.msgsPerSec / 2),
    openP50ms: open.p50.toFixed(2),
    openP99ms: open.p99.toFixed(2),
    bytesAvg: bytes.avg,
    bytesMax: bytes.max,
  };
}

/** Our closed loop on Redis once, in a process of its own (closed-loop-process.ts): its rate, or why it did not run. */
function runOurs(url: string): { msgsPerSec: number } | string {
  const r = spawnSync(process.execPath, [...SERVICE_FLAGS, '--import', 'tsx', OURS, url, String(chats), String(rounds)], { encoding: 'utf8', timeout: 600_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  return line ? (JSON.parse(line) as { msgsPerSec: number }) : r.stderr.slice(-400);
}

/** The peer's closed loop once (a process of its own): its figures, or why it did not run. */
function runPeer(url: string): { msgsPerSec: number; p99ms: string } | string {
  const r = spawnSync('bash', [PEER, String(chats), String(rounds)], { env: { ...process.env, REDIS_URL: url }, encoding: 'utf8', timeout: 600_000 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'));
  return line ? (JSON.parse(line) as { msgsPerSec: number; p99ms: string }) : r.stderr.slice(-400);
}

async function main(): Promise<void> {
  const photo = await documentJpeg(640, 480);
  const probe = createHarness({ store: createMemoryStore() });
  const script = await deriveScript(probe, 'làm giấy khai sinh cho con', photo);
  const photos = script.filter((e) => e.kind === 'photo').length;
  // Every citizen answers with its own name, ID, phone, address and hospital (vary-script.ts);
  // SAME_ANSWERS=1 gives them all the oracle's answers, as the bench did before.
  const same = process.env.SAME_ANSWERS === '1';
  const scripts = same ? [script] : citizenScripts(script, chats);
  if (!same) await checkScripts(probe, scripts);
  process.stdout.write(`khai-sinh script: ${script.length} messages per citizen (${photos} photo), ${chats} citizens in flight, ${rounds} round(s), ${same ? 'the same answers for all' : 'each with its own answers'}\n`);

  // The peer's form has no photo; the text messages before khai-sinh's first photo are the
  // like-for-like comparison. The whole conversation (with one document photo decoded and
  // re-encoded by sharp) is measured too.
  const firstPhoto = script.findIndex((e) => e.kind === 'photo');
  const textOnly = scripts.map((s) => s.slice(0, firstPhoto));
  const rows: Record<string, string | number>[] = [];
  rows.push(await measure('memory', createMemoryStore(), textOnly, `${firstPhoto} text msgs`));
  rows.push(await measure('memory', createMemoryStore(), scripts, `whole (${script.length} msgs, 1 photo)`));

  const own = process.env.REDIS_URL ? undefined : await startRedisServer();
  const url = process.env.REDIS_URL ?? own!.url;
  const client = createRedisClient(url);
  const prefix = `bench:${Date.now()}:`;
  // SESSION_COPIES=0: every turn locks (two round trips), for comparison with speculative turns.
  const redisStore = createRedisStore({ url, prefix, ...sessionCopies() }, client);
  rows.push(await measure('redis', redisStore, textOnly, `${firstPhoto} text msgs`));
  rows.push(await measure('redis', redisStore, scripts, `whole (${script.length} msgs, 1 photo)`));

  if (existsSync(PEER)) {
    const first = runPeer(url);
    if (typeof first === 'string') process.stdout.write(`\npeer baseline did not run: ${first}\n`);
    else {
      rows.push({ target: 'peer: telegraf wizard + redis session', msgsPerSec: first.msgsPerSec, closedP99ms: first.p99ms, openRate: '-', openP50ms: '-', openP99ms: '-', bytesAvg: '-', bytesMax: '-' });
      const ratio = Number(rows[2]!.msgsPerSec) / first.msgsPerSec;
      // Then closed loops of each, alternately, each in a fresh process: this machine's speed
      // moved by ±40 % within minutes, and a ratio within a pair run back to back is what that
      // leaves comparable; a process of its own spares ours the heap of the targets before.
      const pairs: number[] = [];
      for (let i = 0; i < PAIRS; i++) {
        const ours = runOurs(url);
        const peer = runPeer(url);
        if (typeof ours === 'string' || typeof peer === 'string') {
          process.stdout.write(`\na pair did not run: ${typeof ours === 'string' ? ours : peer}\n`);
          break;
        }
        pairs.push(ours.msgsPerSec / peer.msgsPerSec);
      }
      const median = pairs.slice().sort((a, b) => a - b)[pairs.length >> 1];
      process.stdout.write(`\nmotcua+redis (text msgs) / peer throughput ratio: ${ratio.toFixed(2)} in this run; in ${pairs.length} pairs of fresh processes run back to back: ${pairs.map((r) => r.toFixed(2)).join(', ')} (median ${median?.toFixed(2) ?? '-'})\n`);
    }
  } else process.stdout.write(`\npeer baseline not found at ${PEER}\n`);
  const keys = await client.keys(`${prefix}*`);
  for (let i = 0; i < keys.length; i += 500) await client.del(...keys.slice(i, i + 500));
  await client.quit();
  await own?.stop();
  console.table(rows);
  process.exit(0);
}

await main();
