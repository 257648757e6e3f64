/**
 * @module Garbage-collection pauses seen while a benchmark loop runs, named by kind.
 */
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-cb',
};

export const gcKind = (e: PerformanceEntry): string => KINDS[(e as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';

/** Records pauses of at least `minMs`; `stop()` ends the watch and sums them up by kind ("2 scavenge (max 3.4 ms), …"). */
export function watchGcPauses(minMs: number): { stop: () => string } {
  const byKind = new Map<string, number[]>();
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration < minMs) continue;
      const kind = gcKind(e);
      byKind.set(kind, [...(byKind.get(kind) ?? []), e.duration]);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    stop: () => {
      observer.disconnect();
      if (byKind.size === 0) return 'none';
      return [...byKind].map(([kind, d]) => `${d.length} ${kind} (max ${Math.max(...d).toFixed(1)} ms)`).join(', ');
    },
  };
}
