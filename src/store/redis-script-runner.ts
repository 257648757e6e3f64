/**
 * @module Runs a Lua script by its SHA (EVALSHA), loading it on NOSCRIPT — so the script text
 * crosses the wire once per server, not once per message.
 */
import { createHash } from 'node:crypto';
import { Command, type Redis } from 'ioredis';
import { EncodedCommand } from './encode-command.ts';

export type ScriptArg = string | number;

/** Streams corked until the end of the current tick (see `writeAtEndOfTick`). */
const corked = new WeakSet<object>();

/**
 * Holds the connection's writes back until the current tick's callbacks and promise jobs have
 * run, then sends them in one write. Without it every command is its own syscall (and, on
 * loopback, its own trip through the kernel's TCP stack) — the largest single cost of a turn.
 * Commands still reach Redis in the order they were sent; only the syscalls are merged.
 */
function writeAtEndOfTick(redis: Redis): void {
  const stream = redis.stream as Redis['stream'] | undefined;
  if (!stream || corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  process.nextTick(() => {
    corked.delete(stream);
    stream.uncork();
  });
}

export class RedisScript {
  readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: ScriptArg[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (e instanceof Error && e.message.startsWith('NOSCRIPT')) return redis.eval(this.lua, keys.length, ...keys, ...args);
      throw e;
    }
  }

  /**
   * The hot-path variant of `run` for callers that send a script per message: `call` is
   * `[sha, numKeys, ...keys, ...args]` built by the caller. It skips ioredis' argument flattening,
   * string encoding (the bytes are written once, see encode-command.ts) and auto-pipelining
   * (which batches by ping-pong: one batch in flight, the next waiting), and instead merges the
   * tick's writes into one syscall. Replies are strings, numbers or arrays.
   */
  async send(redis: Redis, call: ScriptArg[]): Promise<unknown> {
    try {
      writeAtEndOfTick(redis);
      return await redis.sendCommand(command('evalsha', call, redis));
    } catch (e) {
      if (!(e instanceof Error && e.message.startsWith('NOSCRIPT'))) throw e;
      // A copy: the caller may send `call` again (a waiting turn asks repeatedly).
      const evalCall = call.slice();
      evalCall[0] = this.lua;
      writeAtEndOfTick(redis);
      return redis.sendCommand(command('eval', evalCall, redis));
    }
  }
}

const UTF8 = { replyEncoding: 'utf8' } as const;

/**
 * As ioredis' own command methods would send it: replies as strings. Encoded by us (see
 * encode-command.ts) unless the client has a key prefix, which only ioredis' own encoding applies.
 */
function command(name: string, call: ScriptArg[], redis: Redis): Command {
  const keyPrefix = redis.options.keyPrefix;
  return keyPrefix ? new Command(name, call, { replyEncoding: 'utf8', keyPrefix }) : new EncodedCommand(name, call, UTF8);
}
