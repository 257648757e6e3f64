/**
 * @module Photos on disk under `<dataDir>/media/`: random ids, owner-only files written
 * atomically, and ids checked before they touch a path.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { MotcuaError } from '../errors.ts';
import type { MediaStore, StoredMedia } from './media-store.ts';

/** 18 random bytes → 24 base64url characters: 144 bits, unguessable. */
const ID_BYTES = 18;
/** Ids we make, and only those, can name a file: no dots or slashes, so no "../" ever reaches the file system. */
const ID_FORMAT = /^[A-Za-z0-9_-]{22,64}$/;

/** The extension records the type, so reading needs no side file. JPEG first: every re-encoded photo is one. */
const EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
]);

export function isMediaId(id: string): boolean {
  return ID_FORMAT.test(id);
}

function isMissing(e: unknown): boolean {
  return e instanceof Error && 'code' in e && e.code === 'ENOENT';
}

export class FileMediaStore implements MediaStore {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'media');
  }

  async put(data: Uint8Array, mime: string): Promise<StoredMedia> {
    const type = mime.toLowerCase().split(';')[0]?.trim() ?? '';
    const ext = EXTENSIONS.get(type);
    if (!ext) throw new MotcuaError('PHOTO_INVALID', `media type ${type || '(none)'} is not stored; expected one of ${[...EXTENSIONS.keys()].join(', ')}`);
    // 0700: only the service user may list the directory of ID-card photos.
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const id = randomBytes(ID_BYTES).toString('base64url');
    const final = join(this.dir, `${id}.${ext}`);
    // Write to a temporary name and rename: a reader never sees half a photo, a crash leaves no torn file.
    const temp = join(this.dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (e) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await handle.close();
    try {
      await rename(temp, final);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    return { id, mime: type, bytes: data.byteLength };
  }

  /** `null` for an unknown id and for a string that cannot be one of our ids. */
  async get(id: string): Promise<{ data: Uint8Array; mime: string } | null> {
    if (!isMediaId(id)) return null;
    for (const [mime, ext] of EXTENSIONS) {
      try {
        const data = await readFile(join(this.dir, `${id}.${ext}`));
        return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mime };
      } catch (e) {
        if (!isMissing(e)) throw e;
      }
    }
    return null;
  }

  /** Deleting what is not there is fine: "delete my data" may run twice. */
  async delete(id: string): Promise<void> {
    if (!isMediaId(id)) return;
    for (const ext of EXTENSIONS.values()) {
      await unlink(join(this.dir, `${id}.${ext}`)).catch((e: unknown) => {
        if (!isMissing(e)) throw e;
      });
    }
  }
}
