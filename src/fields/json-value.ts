/**
 * @module A zod schema for JSON values (answers read back from storage). zod's own `z.json()`
 * builds a recursive union and costs more than the rest of the session together; this checks
 * the same thing with one walk.
 */
import { z } from 'zod';
import type { Json } from './field-type.ts';

export function isJsonValue(v: unknown, depth = 0): v is Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (depth > 16 || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1));
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (!isJsonValue((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

export const JsonValueSchema = z.custom<Json>((v) => isJsonValue(v), { message: 'expected a JSON value' });
