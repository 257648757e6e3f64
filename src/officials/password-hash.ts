/**
 * @module Officials' passwords hashed with scrypt (node:crypto): a random salt per password,
 * the cost parameters stored with the hash (so they can be raised later without breaking old
 * hashes), and a constant-time comparison.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export interface ScryptParams {
  /** CPU/memory cost (a power of two). Memory used is about 128 × N × r bytes. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelisation (lanes run one after another in Node's thread pool). */
  p: number;
}

/**
 * OWASP's scrypt equivalents trade memory for lanes: N=2^17,r=8,p=1 ≈ N=2^15,r=8,p=3. We take
 * the second — 32 MiB per hash instead of 128 MiB, so a burst of logins cannot exhaust memory —
 * which costs about 0.3 s on the 2-core reference machine: cheap once per login, slow for guessing.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };

const KEY_BYTES = 64;
const SALT_BYTES = 16;
/** Bounds what a stored hash may ask for: at most 2^18 × 16 × 128 B = 512 MiB. */
const MAX_N = 2 ** 18;

export const PasswordHashSchema = z.strictObject({
  algorithm: z.literal('scrypt'),
  N: z.number().int().min(2 ** 10).max(MAX_N).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(16),
  /** base64 */
  salt: z.string().min(16),
  /** base64, 64 bytes */
  hash: z.string().min(16),
});
export type PasswordHash = z.infer<typeof PasswordHashSchema>;

/** Passwords may contain Vietnamese letters, which keyboards compose differently: compare them NFC. */
function normalise(password: string): Buffer {
  return Buffer.from(password.normalize('NFC'), 'utf8');
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(normalise(password), salt, keyLength, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** Hashes a password with a fresh random salt (runs in the thread pool, not on the event loop). */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return { algorithm: 'scrypt', ...params, salt: salt.toString('base64'), hash: key.toString('base64') };
}

/** Whether `password` matches `stored`; the comparison takes the same time wherever they differ. */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<PasswordHash> | undefined;

/**
 * Spends the same time as checking a real password, for unknown usernames: the response time
 * must not tell an attacker which usernames exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-password-anyone-has');
  await verifyPassword(password, await dummy);
  return false;
}
