/**
 * @module Where the engine's time goes per message: 4 rounds of 1,000 simulated citizens × the
 * text messages of khai-sinh (up to its first photo) through the real engine; rounds 2–3 are
 * profiled to /tmp/prof/<store>.cpuprofile. Usage (the service's V8 flags, see bin/motcua.js):
 * node --max-semi-space-size=64 --no-allocation-site-pretenuring --import tsx
 * bench/profile-turns.ts [memory|redis]
 */
import { mkdirSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { createMemoryStore } from '../src/store/memory-store.ts';
import { createRedisClient, createRedisStore } from '../src/store/redis-store.ts';
import { createHarness, documentJpeg } from '../test/support/engine-harness.ts';
import { deriveScript } from './citizen-script.ts';
const which = process.argv[2] ?? 'memory';
const photo = await documentJpeg(640, 480);
const probe = createHarness({ store: createMemoryStore() });
const script = await deriveScript(probe, 'làm giấy khai sinh cho con', photo);
const text = script.slice(0, script.findIndex((e) => e.kind === 'photo'));
const store = which === 'redis' ? createRedisStore({ url: 'redis://127.0.0.1:6379', prefix: `prof:${Date.now()}:` }, createRedisClient('redis://127.0.0.1:6379')) : createMemoryStore();
const h = createHarness({ store });
const ins = new Session(); ins.connect();
for (let round = 0; round < 4; round++) {
  if (round === 2) { await ins.post('Profiler.enable'); await ins.post('Profiler.setSamplingInterval', { interval: 100 }); await ins.post('Profiler.start'); }
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let n = 0;
  await Promise.all(Array.from({ length: 1000 }, async (_, i) => { for (const e of text) { await h.send(`c${round}-${i}`, e); n++; } }));
  // CPU per message as well as msgs/s: on two shared cores the wall clock also measures the neighbours.
  const cpu = process.cpuUsage(cpu0);
  console.log(which, round, Math.round(n / ((performance.now() - t0) / 1000)), 'msg/s', ((cpu.user + cpu.system) / n).toFixed(1), 'µs CPU/msg');
}
const { profile } = await ins.post('Profiler.stop');
mkdirSync('/tmp/prof', { recursive: true });
writeFileSync(`/tmp/prof/${which}.cpuprofile`, JSON.stringify(profile));
process.exit(0);
