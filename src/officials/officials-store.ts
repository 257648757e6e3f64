/**
 * @module Officials in `<DATA_DIR>/officials.json`: owner-only (0600), validated with zod when
 * read, written atomically (temp file + rename). A file serves the memory and the Redis
 * deployments alike, and the CLI can change it while the server runs: the server notices the
 * change on its next lookup, so a removed official is locked out at once.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { MotcuaError } from '../errors.ts';
import { OfficialsFileSchema, UsernameSchema, type Official, type OfficialChat, type OfficialsFile, type Role } from './official.ts';
import type { PasswordHash } from './password-hash.ts';

export interface OfficialsStore {
  get(username: string): Promise<Official | null>;
  list(): Promise<Official[]>;
  /** Throws BAD_REQUEST when the username is taken. */
  add(username: string, password: PasswordHash, roles: readonly Role[], at?: Date): Promise<Official>;
  /** Returns false when there was no such official. */
  setPassword(username: string, password: PasswordHash, at?: Date): Promise<boolean>;
  /** Returns false when there was no such official. */
  remove(username: string): Promise<boolean>;
  /** Links (or with null, unlinks) the official's own chat. Returns false when there was no such official. */
  setChat(username: string, chat: OfficialChat | null): Promise<boolean>;
}

function isMissing(e: unknown): boolean {
  return e instanceof Error && 'code' in e && e.code === 'ENOENT';
}

export class FileOfficialsStore implements OfficialsStore {
  readonly path: string;
  private cache: { mtimeMs: number; size: number; file: OfficialsFile } | undefined;
  /** Changes from this process run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'officials.json');
  }

  async get(username: string): Promise<Official | null> {
    const name = UsernameSchema.safeParse(username);
    if (!name.success) return null;
    return (await this.read()).officials.find((o) => o.username === name.data) ?? null;
  }

  async list(): Promise<Official[]> {
    return [...(await this.read()).officials].sort((a, b) => a.username.localeCompare(b.username));
  }

  add(username: string, password: PasswordHash, roles: readonly Role[], at: Date = new Date()): Promise<Official> {
    return this.change((file) => {
      const name = UsernameSchema.parse(username);
      if (file.officials.some((o) => o.username === name)) throw new MotcuaError('BAD_REQUEST', `an official named "${name}" already exists; remove it first or change the password`);
      const official: Official = { username: name, roles: [...new Set(roles)], password, createdAt: at.toISOString() };
      return { file: { ...file, officials: [...file.officials, official] }, result: official };
    });
  }

  setPassword(username: string, password: PasswordHash, at: Date = new Date()): Promise<boolean> {
    return this.change((file) => {
      const name = UsernameSchema.parse(username);
      const found = file.officials.some((o) => o.username === name);
      const officials = file.officials.map((o) => (o.username === name ? { ...o, password, passwordChangedAt: at.toISOString() } : o));
      return { file: { ...file, officials }, result: found };
    });
  }

  remove(username: string): Promise<boolean> {
    return this.change((file) => {
      const name = UsernameSchema.parse(username);
      const officials = file.officials.filter((o) => o.username !== name);
      return { file: { ...file, officials }, result: officials.length !== file.officials.length };
    });
  }

  setChat(username: string, chat: OfficialChat | null): Promise<boolean> {
    return this.change((file) => {
      const name = UsernameSchema.parse(username);
      const found = file.officials.some((o) => o.username === name);
      const officials = file.officials.map((o) => {
        if (o.username !== name) return o;
        const { chat: _old, ...rest } = o;
        return chat ? { ...rest, chat } : rest;
      });
      return { file: { ...file, officials }, result: found };
    });
  }

  /** The file as it is now: re-read only when its modification time or size changed. */
  private async read(): Promise<OfficialsFile> {
    let info;
    try {
      info = await stat(this.path);
    } catch (e) {
      if (isMissing(e)) return { version: 1, officials: [] };
      throw e;
    }
    if (this.cache && this.cache.mtimeMs === info.mtimeMs && this.cache.size === info.size) return this.cache.file;
    const text = await readFile(this.path, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new MotcuaError('CONFIG_INVALID', `${this.path} is not valid JSON; restore it from a backup or delete it and add the officials again`);
    }
    const parsed = OfficialsFileSchema.safeParse(json);
    if (!parsed.success) {
      throw new MotcuaError('CONFIG_INVALID', `${this.path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    this.cache = { mtimeMs: info.mtimeMs, size: info.size, file: parsed.data };
    return parsed.data;
  }

  private change<T>(fn: (file: OfficialsFile) => { file: OfficialsFile; result: T }): Promise<T> {
    const run = this.queue.then(async () => {
      const { file, result } = fn(await this.read());
      await this.write(OfficialsFileSchema.parse(file));
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Temp file in the same directory, fsync, rename: readers see the old file or the new one, never half. */
  private async write(file: OfficialsFile): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const temp = join(this.dataDir, `.officials-${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.path);
      // A file created by hand with a wider mode is narrowed on the first change.
      await chmod(this.path, 0o600);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    this.cache = undefined;
  }
}
