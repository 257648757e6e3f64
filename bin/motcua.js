#!/usr/bin/env -S node --max-semi-space-size=64
// The `motcua` command: loads the TypeScript sources through tsx (no build step), then runs the
// CLI. The larger young generation matters: the message path allocates many short-lived objects,
// and 64 MB semi-spaces roughly halve garbage-collection time under load (bench/run.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
