/**
 * @module Reads a `multipart/form-data` body (a form with a file input) into the same
 * `FormBody` shape as URL-encoded forms, plus the uploaded files. Node's own WHATWG `Response`
 * parses it, so the console needs no extra dependency; the route's body limit has already
 * capped the size before this runs.
 */
import type { FormBody } from './console-module.ts';

export interface UploadedFile {
  /** The form field's name. */
  field: string;
  /** The name the browser gave (never trusted for anything but display). */
  fileName: string;
  /** The declared type (never trusted: content is checked by its bytes). */
  declaredType: string;
  data: Uint8Array;
}

export interface MultipartForm {
  fields: FormBody;
  files: UploadedFile[];
}

/** The fields and the non-empty files; null when the body is not a readable multipart form. */
export async function parseMultipart(body: Uint8Array, contentType: string): Promise<MultipartForm | null> {
  let data: FormData;
  try {
    // A copy typed on a plain ArrayBuffer, as `Response` wants it.
    data = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return null;
  }
  const fields: Record<string, string | string[]> = {};
  const files: UploadedFile[] = [];
  const entries: [string, FormDataEntryValue][] = [];
  data.forEach((value, name) => entries.push([name, value]));
  for (const [name, value] of entries) {
    if (typeof value === 'string') {
      const prev = fields[name];
      fields[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
      continue;
    }
    // A file input left empty still sends a part: no name, no bytes.
    if (value.size === 0 && value.name === '') continue;
    files.push({ field: name, fileName: value.name, declaredType: value.type, data: new Uint8Array(await value.arrayBuffer()) });
  }
  return { fields, files };
}
