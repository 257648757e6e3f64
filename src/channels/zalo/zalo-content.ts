/**
 * @module Reading the attachment part of a Zalo message. `content` is an object for media
 * (title, description, href, thumb, and `params` — a JSON *string* with more URLs and sizes);
 * its fields vary by client, so every read is tolerant and typed through zod, never cast.
 */
import { z } from 'zod';

const ContentSchema = z.looseObject({
  title: z.string().optional(),
  description: z.string().optional(),
  href: z.string().optional(),
  thumb: z.string().optional(),
  params: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
});

export interface ZaloContent {
  title: string;
  description: string;
  href: string;
  thumb: string;
  /** `params` parsed (it arrives as a JSON string); {} when absent or malformed. */
  params: Record<string, unknown>;
}

const ParamsSchema = z.record(z.string(), z.unknown());

/** null when `content` is not an attachment object (e.g. a text string). */
export function readContent(content: unknown): ZaloContent | null {
  const c = ContentSchema.safeParse(content);
  if (!c.success) return null;
  return {
    title: c.data.title ?? '',
    description: c.data.description ?? '',
    href: c.data.href ?? '',
    thumb: c.data.thumb ?? '',
    params: parseParams(c.data.params),
  };
}

function parseParams(p: string | Record<string, unknown> | undefined): Record<string, unknown> {
  if (p === undefined) return {};
  if (typeof p !== 'string') return p;
  try {
    const r = ParamsSchema.safeParse(JSON.parse(p));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
}

/** A non-empty string param, or undefined. */
export function paramString(params: Record<string, unknown>, key: string): string | undefined {
  const v = params[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** A finite number param; Zalo sends sizes both as numbers and as strings ("175067"). */
export function paramNumber(params: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const v = params[k];
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}
