/**
 * @module Follow codes: the owner shares "HS-7K2M-9QXD 482913" with relatives. The 6-digit
 * PIN is stored only as a scrypt hash, so a leaked store does not reveal it; wrong guesses are
 * rate-limited by the caller (a PIN has only a million values).
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const PARAMS = { N: 16_384, r: 8, p: 1 };

export interface PinRecord {
  hash: string;
  salt: string;
  createdAt: string;
}

export async function newFollowPin(at: Date): Promise<{ pin: string; record: PinRecord }> {
  const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = randomBytes(16);
  const hash = await scryptAsync(pin, salt, 32, PARAMS);
  return { pin, record: { hash: hash.toString('base64'), salt: salt.toString('base64'), createdAt: at.toISOString() } };
}

export async function pinMatches(record: PinRecord, pin: string): Promise<boolean> {
  if (!/^\d{6}$/.test(pin)) return false;
  const expected = Buffer.from(record.hash, 'base64');
  const actual = await scryptAsync(pin, Buffer.from(record.salt, 'base64'), expected.length, PARAMS);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
