#!/usr/bin/env -S node --max-semi-space-size=64 --no-allocation-site-pretenuring
// The `motcua` command: loads the TypeScript sources through tsx (no build step), then runs the
// CLI. The larger young generation matters: the message path allocates many short-lived objects,
// and 64 MB semi-spaces roughly halve garbage-collection time under load (bench/run.ts).
// No allocation-site pretenuring: under the closed-loop load V8 learned to allocate some of the
// message path's objects straight into the old generation; afterwards those dead objects kept
// young ones alive, and each scavenge copied ~2.6 MB instead of ~0.4 MB (open loop at 3,000
// msg/s on Redis: scavenge time 267 → 74 ms, longest pause 16.8 → 4.3 ms; --trace-gc-nvp).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
