/**
 * @module What the address index costs: build time, retained heap and time per lookup,
 * measured on demand (from a script or a CLI), never in the test run.
 */
import { performance } from 'node:perf_hooks';
import { buildAddressIndex, type AddressIndex } from './address-index.ts';
import { loadAddressData } from './address-data.ts';
import { resolveArea } from './resolve-area.ts';

export interface IndexCost {
  loadMs: number;
  indexMs: number;
  /** Heap kept by the index; exact only when Node runs with `--expose-gc`. */
  retainedBytes: number;
}

function collect(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') gc();
}

/** Builds a fresh index (not the shared one) and reports what it took. */
export function measureIndex(): IndexCost & { index: AddressIndex } {
  collect();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const data = loadAddressData();
  const index = buildAddressIndex(data, performance.now() - t0);
  collect();
  return { index, loadMs: index.stats.loadMs, indexMs: index.stats.indexMs, retainedBytes: process.memoryUsage().heapUsed - before };
}

/**
 * Mean CPU microseconds per `resolveArea` call over `rounds` passes of `inputs`, after one warm-up
 * pass. CPU time, not wall time: the design budgets CPU per message, and it holds up on a busy machine.
 * @example measureLookups(['p11 go vap', 'Bình Thạnh'], 1000) // ≈ 80
 */
export function measureLookups(inputs: readonly string[], rounds: number, index?: AddressIndex): number {
  const opts = index ? { index } : {};
  for (const s of inputs) resolveArea(s, opts);
  const start = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const s of inputs) resolveArea(s, opts);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / (rounds * inputs.length);
}
