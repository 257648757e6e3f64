/**
 * @module Runs a Lua script by its SHA (EVALSHA), loading it on NOSCRIPT — so the script text
 * crosses the wire once per server, not once per message.
 */
import { createHash } from 'node:crypto';
import { Command, type Redis } from 'ioredis';
import { EncodedCommand } from './encode-command.ts';
import { writeAtEndOfTick } from './write-at-end-of-tick.ts';

export type ScriptArg = string | number;

/** Redis no longer has the script (restarted, flushed): it must be sent again in full. */
const isNoScript = (e: unknown): boolean => e instanceof Error && e.message.startsWith('NOSCRIPT');

/** `sendOnce`'s answer when Redis did not have the script (it has now). */
export const NO_SCRIPT = Symbol('NO_SCRIPT');

export class RedisScript {
  readonly sha: string;

  constructor(private readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: ScriptArg[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (e) {
      if (isNoScript(e)) return redis.eval(this.lua, keys.length, ...keys, ...args);
      throw e;
    }
  }

  /**
   * The hot-path variant of `run` for callers that send a script per message: `call` is
   * `[sha, numKeys, ...keys, ...args]` built by the caller. It skips ioredis' argument flattening,
   * string encoding (the bytes are written once, see encode-command.ts) and, on a client that
   * has it, auto-pipelining (which batches by ping-pong: one batch in flight, the next waiting),
   * and instead merges the tick's writes into one syscall (as the app's client does for all its
   * commands, see tick-batched-redis.ts). Replies are strings, numbers or arrays.
   */
  async send(redis: Redis, call: ScriptArg[]): Promise<unknown> {
    try {
      writeAtEndOfTick(redis);
      return await redis.sendCommand(command('evalsha', call, redis));
    } catch (e) {
      if (!isNoScript(e)) throw e;
      // A copy: the caller may send `call` again (a waiting turn asks repeatedly).
      const evalCall = call.slice();
      evalCall[0] = this.lua;
      writeAtEndOfTick(redis);
      return redis.sendCommand(command('eval', evalCall, redis));
    }
  }

  /**
   * As `send`, for a call its caller will not keep: `call` is encoded before this returns, so
   * its arguments may be dropped at once. When Redis no longer has the script (restarted,
   * flushed) this loads it and resolves to NO_SCRIPT instead of sending `call` again.
   */
  async sendOnce(redis: Redis, call: ScriptArg[]): Promise<unknown> {
    writeAtEndOfTick(redis);
    const reply = redis.sendCommand(command('evalsha', call, redis));
    try {
      return await reply;
    } catch (e) {
      if (!isNoScript(e)) throw e;
      await redis.script('LOAD', this.lua);
      return NO_SCRIPT;
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
