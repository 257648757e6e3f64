/**
 * @module A Redis command encoded straight into one Buffer (RESP2 array of bulk strings).
 *
 * ioredis encodes a command by concatenating strings; writing that to the socket makes Node
 * flatten the rope and convert it to UTF-8 on every write, and the flat copy — two bytes a
 * character once a session holds Vietnamese letters — lands on the JS heap. On the per-message
 * path that was the largest single allocation (about 4 KB of the store's 14 KB per message,
 * bench:latency HEAPSAMPLE_ALL). Here each argument is measured once and written once into a
 * buffer that small commands take from Node's shared pool.
 */
import { Command } from 'ioredis';

export type CommandArg = string | number;

/** Byte lengths of the arguments being encoded: reused across calls (encoding is synchronous). */
const lengths: number[] = [];

const digits = (n: number): number => (n < 10 ? 1 : n < 100 ? 2 : n < 1_000 ? 3 : n < 10_000 ? 4 : String(n).length);

/** Writes `n` (≥ 0) in decimal at `at`; returns the offset after it. */
function writeDecimal(buf: Buffer, at: number, n: number): number {
  const end = at + digits(n);
  let p = end;
  do {
    buf[--p] = 48 + (n % 10);
    n = Math.floor(n / 10);
  } while (n > 0);
  return end;
}

/** Writes `marker` `n` CRLF ("*3\r\n", "$5\r\n"); returns the offset after it. */
function writeLine(buf: Buffer, at: number, marker: number, n: number): number {
  buf[at] = marker;
  at = writeDecimal(buf, at + 1, n);
  buf[at] = 13;
  buf[at + 1] = 10;
  return at + 2;
}

const ARRAY = 42; // '*'
const BULK = 36; // '$'

/** `name args…` as the bytes Redis reads. */
export function encodeCommand(name: string, args: readonly CommandArg[]): Buffer {
  const nameBytes = Buffer.byteLength(name);
  let size = 1 + digits(args.length + 1) + 2 + 1 + digits(nameBytes) + 2 + nameBytes + 2;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const n = Buffer.byteLength(typeof a === 'string' ? a : String(a));
    lengths[i] = n;
    size += 1 + digits(n) + 2 + n + 2;
  }
  const buf = Buffer.allocUnsafe(size);
  let at = writeLine(buf, 0, ARRAY, args.length + 1);
  at = writeLine(buf, at, BULK, nameBytes);
  at += buf.write(name, at);
  buf[at++] = 13;
  buf[at++] = 10;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    at = writeLine(buf, at, BULK, lengths[i]!);
    at += buf.write(typeof a === 'string' ? a : String(a), at);
    buf[at++] = 13;
    buf[at++] = 10;
  }
  return buf;
}

/**
 * An ioredis command sent as already-encoded bytes. ioredis keeps its bookkeeping (reply
 * matching, offline queue, resending after a reconnect); only the encoding is ours. Its `args`
 * are empty, so the client's key prefix is not applied: callers encode only when it has none.
 */
export class EncodedCommand extends Command {
  private readonly bytes: Buffer;

  constructor(name: string, args: readonly CommandArg[], options: { replyEncoding: 'utf8' }) {
    super(name, [], options);
    this.bytes = encodeCommand(name, args);
  }

  override toWritable(): Buffer {
    return this.bytes;
  }
}
