/**
 * @module Where photos live: files under DATA_DIR (only their ids go into sessions,
 * dossiers and Redis). Photos of ID documents are sensitive personal data.
 */

export interface StoredMedia {
  id: string;
  mime: string;
  bytes: number;
}

export interface MediaStore {
  /** Saves already-validated, re-encoded image bytes; returns a random, unguessable id. */
  put(data: Uint8Array, mime: string): Promise<StoredMedia>;
  get(id: string): Promise<{ data: Uint8Array; mime: string } | null>;
  delete(id: string): Promise<void>;
}
