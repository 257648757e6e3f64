/**
 * @module Merges a Redis connection's writes within one tick of the event loop into one syscall.
 */
import type { Redis } from 'ioredis';

/** Streams corked until the end of the current tick. */
const corked = new WeakSet<object>();

/**
 * Holds the connection's writes back until the current tick's callbacks and promise jobs have
 * run, then sends them in one write. Without it every command is its own syscall (and, on
 * loopback, its own trip through the kernel's TCP stack) — the largest single cost of a turn.
 * Commands still reach Redis in the order they were sent; only the syscalls are merged.
 */
export function writeAtEndOfTick(redis: Redis): void {
  const stream = redis.stream as Redis['stream'] | undefined;
  if (!stream || corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  process.nextTick(() => {
    corked.delete(stream);
    stream.uncork();
  });
}
