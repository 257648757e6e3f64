/**
 * @module Reads a Bot API request's parameters the ways telegraf and other clients send them:
 * query string, JSON, urlencoded form, or multipart/form-data with file parts.
 */
import type { IncomingMessage } from 'node:http';

/** A file part of a multipart upload. */
export interface UploadedFile {
  kind: 'upload';
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

export type ParamValue = string | number | boolean | null | UploadedFile | ParamValue[] | { [k: string]: ParamValue };
export type Params = Record<string, ParamValue>;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

function toParam(v: unknown): ParamValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toParam);
  if (typeof v === 'object') {
    const o: Record<string, ParamValue> = {};
    for (const [k, x] of Object.entries(v)) o[k] = toParam(x);
    return o;
  }
  return null;
}

/** Merges query and body parameters; throws a message for a body that cannot be read. */
export async function readParams(req: IncomingMessage, url: URL, body: Buffer): Promise<Params> {
  const params: Params = {};
  for (const [k, v] of url.searchParams) params[k] = v;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (body.length === 0) return params;
  if (type.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [k, v] of Object.entries(parsed)) params[k] = toParam(v);
    }
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params[k] = v;
  } else if (type.startsWith('multipart/form-data')) {
    // undici's Response parses multipart bodies; no parser package needed.
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
    const parts: [string, FormDataEntryValue][] = [];
    form.forEach((v, k) => parts.push([k, v]));
    for (const [k, v] of parts) {
      if (typeof v === 'string') params[k] = v;
      else params[k] = { kind: 'upload', fileName: v.name, mime: v.type, bytes: new Uint8Array(await v.arrayBuffer()) };
    }
  }
  return params;
}

export function isUpload(v: ParamValue | undefined): v is UploadedFile {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && v.kind === 'upload';
}

/** A parameter that may arrive as a JSON object or a JSON string (forms carry JSON text). */
export function jsonParam(v: ParamValue | undefined): unknown {
  if (typeof v === 'string') {
    try {
      return JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return v ?? undefined;
}

export function numParam(v: ParamValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

export function strParam(v: ParamValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

export function boolParam(v: ParamValue | undefined): boolean {
  return v === true || v === 'true' || v === 1 || v === '1';
}
