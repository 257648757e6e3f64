#!/usr/bin/env -S node --max-semi-space-size=32 --no-allocation-site-pretenuring
// The `motcua` command: loads the TypeScript sources through tsx (no build step), then runs the
// CLI. The larger young generation matters: the message path allocates many short-lived objects,
// and with 32 MB semi-spaces instead of V8's 16 a message costs 62 µs of CPU instead of 75–81 in
// the closed loop, with a quarter less time in scavenges (npm run bench:latency).
// Not 64: a scavenge pauses ~0.02 ms per MB of semi-space even when little survives, and V8
// starts a major GC whenever the old generation's headroom is smaller than the young generation.
// With 64 MB and a small live heap that was every ~0.5 s while photos came in (open loop of the
// whole procedure: 14 mark-compacts against 3 at 32 MB, p99 15 → 9 ms).
// No allocation-site pretenuring: under the closed-loop load V8 learned to allocate some of the
// message path's objects straight into the old generation; afterwards those dead objects kept
// young ones alive, and each scavenge copied ~2.6 MB instead of ~0.4 MB (open loop at 3,000
// msg/s on Redis: scavenge time 267 → 74 ms, longest pause 16.8 → 4.3 ms; --trace-gc-nvp).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
