import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMotcuaError } from '../errors.ts';
import { FileMediaStore, isMediaId } from './file-media-store.ts';

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

describe('FileMediaStore', () => {
  let root: string;
  let store: FileMediaStore;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'motcua-media-'));
    store = new FileMediaStore(join(root, 'data'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates <dataDir>/media on demand and round-trips bytes and type', async () => {
    const saved = await store.put(JPEG, 'image/jpeg');
    expect(saved).toMatchObject({ mime: 'image/jpeg', bytes: JPEG.byteLength });
    expect(store.dir).toBe(join(root, 'data', 'media'));
    const got = await store.get(saved.id);
    expect(got?.mime).toBe('image/jpeg');
    expect(Buffer.from(got?.data ?? []).equals(Buffer.from(JPEG))).toBe(true);
  });

  it('makes long, random, URL-safe ids', async () => {
    const ids = await Promise.all(Array.from({ length: 50 }, () => store.put(JPEG, 'image/jpeg').then((s) => s.id)));
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) {
      expect(id.length).toBeGreaterThanOrEqual(22);
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(isMediaId(id)).toBe(true);
    }
  });

  it('writes owner-only files in an owner-only directory, leaving no temporary file', async () => {
    const { id } = await store.put(JPEG, 'image/jpeg');
    const files = await readdir(store.dir);
    expect(files).toEqual([`${id}.jpg`]);
    expect((await stat(join(store.dir, files[0] ?? ''))).mode & 0o777).toBe(0o600);
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);
  });

  it('keeps PNG and WebP types; refuses anything else', async () => {
    const png = await store.put(new Uint8Array([0x89, 0x50]), 'image/png');
    const webp = await store.put(new Uint8Array([0x52, 0x49]), 'IMAGE/WEBP; q=1');
    expect((await store.get(png.id))?.mime).toBe('image/png');
    expect((await store.get(webp.id))?.mime).toBe('image/webp');
    await expect(store.put(JPEG, 'application/pdf')).rejects.toSatisfy((e: unknown) => isMotcuaError(e, 'PHOTO_INVALID'));
    await expect(store.put(JPEG, '')).rejects.toSatisfy((e: unknown) => isMotcuaError(e, 'PHOTO_INVALID'));
  });

  it('returns null for unknown ids, also before any photo was stored', async () => {
    expect(await store.get('AAAAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
    await store.put(JPEG, 'image/jpeg');
    expect(await store.get('AAAAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
  });

  it('deletes, and deleting twice is fine', async () => {
    const { id } = await store.put(JPEG, 'image/jpeg');
    await store.delete(id);
    expect(await store.get(id)).toBeNull();
    await store.delete(id);
    expect(await readdir(store.dir)).toEqual([]);
  });

  it.each([
    ['../../etc/passwd'],
    ['..%2F..%2Fsecret'],
    ['../secret.jpg'],
    ['/etc/passwd'],
    ['secret'],
    ['abc.jpg'],
    ['a'.repeat(21)],
    ['a'.repeat(65)],
    [''],
  ])('never touches a path for the id %j', async (id) => {
    expect(isMediaId(id)).toBe(false);
    // A real file the traversal would reach: get must not read it, delete must not remove it.
    await writeFile(join(root, 'secret.jpg'), 'do not read');
    await store.put(JPEG, 'image/jpeg');
    expect(await store.get(id)).toBeNull();
    await store.delete(id);
    expect((await stat(join(root, 'secret.jpg'))).isFile()).toBe(true);
  });

  it('reads a file named by a valid id only inside its directory', async () => {
    // A valid-looking id file placed next to (not inside) media/ is not found.
    await mkdir(join(root, 'data'), { recursive: true });
    await writeFile(join(root, 'data', 'BBBBBBBBBBBBBBBBBBBBBBBB.jpg'), 'outside');
    expect(await store.get('BBBBBBBBBBBBBBBBBBBBBBBB')).toBeNull();
  });
});
