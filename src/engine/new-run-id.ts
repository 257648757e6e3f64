/**
 * @module Run ids: 9 random bytes (72 bits) in base64url, the dossier's idempotency key. Drawn
 * from a pool filled 256 ids at a time: one `randomBytes` call per id cost more than the rest
 * of starting a procedure, and the bytes are the same CSPRNG's either way.
 */
import { randomBytes } from 'node:crypto';

const ID_BYTES = 9;
const POOL_IDS = 256;

let pool = Buffer.alloc(0);
let at = 0;

/** A fresh random run id ("3ajR2RNTL-8B"). */
export function newRunId(): string {
  if (at + ID_BYTES > pool.length) {
    pool = randomBytes(ID_BYTES * POOL_IDS);
    at = 0;
  }
  const id = pool.toString('base64url', at, at + ID_BYTES);
  at += ID_BYTES;
  return id;
}
