/**
 * @module An ioredis client that sends each tick's commands in one write, without ioredis'
 * auto-pipelining.
 *
 * Auto-pipelining batches by ping-pong: one pipeline per slot in flight, the next one waiting for
 * it, so under load a command waits a whole round trip before it is even written. Its Pipeline
 * objects also link each batch to the next; a batch in flight during a scavenge is promoted, and
 * from the old generation it keeps the next batches alive too — measured at 3,000 msg/s, the
 * idle-chat lookups (one SMEMBERS per new conversation) promoted about 1.4 MB per scavenge,
 * fed the major collections and lengthened every scavenge. Corking the socket until the end of
 * the tick merges the same writes into one syscall with neither cost.
 */
import { type Command, Redis } from 'ioredis';
import { writeAtEndOfTick } from './write-at-end-of-tick.ts';

type WriteableStream = Parameters<Redis['sendCommand']>[1];

export class TickBatchedRedis extends Redis {
  override sendCommand(command: Command, stream?: WriteableStream): unknown {
    writeAtEndOfTick(this);
    return super.sendCommand(command, stream);
  }
}
