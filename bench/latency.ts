/**
 * @module `npm run bench:latency -- [memory|redis] [chats] [fraction] [windows]` — where the
 * open-loop tail comes from. Measures the closed-loop rate of khai-sinh's text messages, then runs
 * the open loop at `fraction` (default ½) of it for `windows` windows of `chats` arrivals (default
 * 14, as `npm run bench`) and prints the latency percentiles beside what else happened meanwhile:
 * garbage-collection pauses, event-loop delay, CPU per message (this process's, all threads) and
 * the 100-ms stretches where messages took over 5 ms. PROFILE=file writes CPU profiles of both
 * loops (file.closed, file); HEAPSAMPLE=file samples allocations that outlived a scavenge (all of
 * them with HEAPSAMPLE_ALL=1); RATE=n skips the closed loop and runs the open loop at n msg/s.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { createMemoryStore } from '../src/store/memory-store.ts';
import { createRedisClient, createRedisStore } from '../src/store/redis-store.ts';
import { createHarness, documentJpeg } from '../test/support/engine-harness.ts';
import { startRedisServer } from '../test/support/redis.ts';
import { deriveScript } from './citizen-script.ts';
import { sessionCopies } from './session-copies-env.ts';
import { gcKind } from './gc-pauses.ts';
import { closedLoop, openLoop, quantile } from './loops.ts';
import { citizenScripts } from './vary-script.ts';

const which = process.argv[2] ?? 'redis';
const chats = Number(process.argv[3] ?? 1000);
const fraction = Number(process.argv[4] ?? 0.5);
/** How many windows of `chats` arrivals are measured (after the ramp-up). */
const windows = Number(process.argv[5] ?? 14);
/** Closed-loop rounds: at least ~1,000 conversations however few chats are in flight (`chats` 1 measures one chat alone). */
const rounds = Math.ceil(1000 / chats);

const photo = await documentJpeg(640, 480);
const script = await deriveScript(createHarness({ store: createMemoryStore() }), 'làm giấy khai sinh cho con', photo);
const firstPhoto = script.findIndex((e) => e.kind === 'photo');
// Each citizen with its own answers, as in `npm run bench` (SAME_ANSWERS=1: the oracle's for all).
const text = process.env.SAME_ANSWERS === '1' ? [script.slice(0, firstPhoto)] : citizenScripts(script, chats).map((s) => s.slice(0, firstPhoto));

const own = which === 'redis' && !process.env.REDIS_URL ? await startRedisServer() : undefined;
const url = process.env.REDIS_URL ?? own?.url;
const store = url ? createRedisStore({ url, prefix: `latency:${Date.now()}:`, ...sessionCopies() }, createRedisClient(url)) : createMemoryStore();
const h = createHarness({ store });

/** RATE=n: a service that has only ever run at n msg/s — warmed up by the open loop itself, no closed loop. */
const fixedRate = process.env.RATE ? Number(process.env.RATE) : undefined;
if (fixedRate) await openLoop(h, text, fixedRate, 'warm', chats, 40);
else await closedLoop(h, text, 'warm', chats, rounds);
const profiling = process.env.PROFILE ? new Session() : undefined;
async function startProfile(): Promise<void> {
  if (!profiling) return;
  profiling.connect();
  await profiling.post('Profiler.enable');
  await profiling.post('Profiler.setSamplingInterval', { interval: 100 });
  await profiling.post('Profiler.start');
}
async function stopProfile(file: string): Promise<void> {
  if (profiling) writeFileSync(file, JSON.stringify((await profiling.post('Profiler.stop')).profile));
}
await startProfile();
const closedCpu0 = process.cpuUsage();
const closed = fixedRate ? { msgsPerSec: fixedRate / fraction, messages: 0 } : await closedLoop(h, text, 'closed', chats, rounds);
const closedCpu = process.cpuUsage(closedCpu0);
await stopProfile(`${process.env.PROFILE}.closed`);
if (profiling) await profiling.post('Profiler.start');
const rate = Math.round(closed.msgsPerSec * fraction);

const gc = new Map<string, number[]>();
/** GC pauses over 3 ms as `bucket:kind:ms`; buckets are 100-ms stretches: [messages, over 5 ms, max]. */
const gcAt: string[] = [];
const buckets = new Map<number, [number, number, number]>();
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = gcKind(e);
    gc.set(kind, [...(gc.get(kind) ?? []), e.duration]);
    if (e.duration > 3) gcAt.push(`${Math.floor(e.startTime / 100)}:${kind}:${e.duration.toFixed(1)}`);
  }
});
observer.observe({ entryTypes: ['gc'] });
const heapSampling = process.env.HEAPSAMPLE ? new Session() : undefined;
if (heapSampling) {
  heapSampling.connect();
  await heapSampling.post('HeapProfiler.enable');
  await heapSampling.post('HeapProfiler.startSampling', { samplingInterval: Number(process.env.HEAPSAMPLE_INTERVAL ?? 65536), includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.HEAPSAMPLE_ALL === '1' });
}
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const cpu0 = process.cpuUsage();
const open = await openLoop(h, text, rate, 'open', chats, windows, (due, l) => { const b = Math.floor(due / 100); const cur = buckets.get(b) ?? [0, 0, 0]; cur[0]++; if (l > 5) cur[1]++; cur[2] = Math.max(cur[2], l); buckets.set(b, cur); });
const cpu = process.cpuUsage(cpu0);
loopDelay.disable();
observer.disconnect();
if (heapSampling) writeFileSync(process.env.HEAPSAMPLE!, JSON.stringify((await heapSampling.post('HeapProfiler.stopSampling')).profile));
if (profiling) writeFileSync(process.env.PROFILE!, JSON.stringify((await profiling.post('Profiler.stop')).profile));

const ms = (n: number): string => n.toFixed(2);
const s = open.sorted;
console.log(`${which}: closed ${closed.msgsPerSec} msg/s; open at ${rate}/s (achieved ${open.achieved}/s), ${s.length} measured`);
console.log(`latency ms  p50 ${ms(quantile(s, 0.5))}  p90 ${ms(quantile(s, 0.9))}  p99 ${ms(quantile(s, 0.99))}  p99.9 ${ms(quantile(s, 0.999))}  max ${ms(s[s.length - 1] ?? NaN)}`);
if (closed.messages) console.log(`closed loop: CPU per message ${Math.round((closedCpu.user + closedCpu.system) / closed.messages)} µs (user ${Math.round(closedCpu.user / closed.messages)}, system ${Math.round(closedCpu.system / closed.messages)})`);
console.log(`open loop: CPU per message ${Math.round((cpu.user + cpu.system) / open.sent)} µs (user ${Math.round(cpu.user / open.sent)}, system ${Math.round(cpu.system / open.sent)}) over all ${open.sent} sent`);
console.log(`event-loop delay ms  p50 ${ms(loopDelay.percentile(50) / 1e6)}  p99 ${ms(loopDelay.percentile(99) / 1e6)}  max ${ms(loopDelay.max / 1e6)}`);
for (const [kind, d] of gc) {
  d.sort((a, b) => a - b);
  console.log(`gc ${kind}: ${d.length} pauses, total ${ms(d.reduce((a, b) => a + b, 0))} ms, p50 ${ms(quantile(d, 0.5))}, max ${ms(d[d.length - 1]!)}`);
}
const bad = [...buckets].filter(([, v]) => v[1] > 0).sort((a, b) => a[0] - b[0]);
console.log('100-ms buckets with >5 ms latencies (bucket: count, over 5 ms, max):', bad.map(([k, v]) => `${k}: ${v[0]} ${v[1]} ${v[2].toFixed(1)}`).join(' | '));
console.log('gc pauses > 3 ms (bucket:kind:ms):', gcAt.join(' '));
await own?.stop();
process.exit(0);
