/**
 * @module The Zalo session on disk: cookie, imei and user agent from a QR login, plus the
 * latest login QR image. Anyone holding the cookie *is* the bot's Zalo account, so the file is
 * written atomically with mode 0600 in a 0700 directory and read back only through zod.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { MotcuaError } from '../../errors.ts';

/** A cookie as tough-cookie serialises it (`key`) or a browser extension exports it (`name`). */
const CookieSchema = z
  .looseObject({
    key: z.string().optional(),
    name: z.string().optional(),
    value: z.string(),
    domain: z.string().optional(),
  })
  .refine((c) => (c.key ?? c.name ?? '').length > 0, 'a cookie needs a key (or name)');

export const ZaloCredentialsSchema = z.object({
  version: z.literal(1).default(1),
  imei: z.string().min(1),
  userAgent: z.string().min(1),
  language: z.string().min(1).optional(),
  cookie: z.array(CookieSchema).min(1, 'no cookies'),
  /** ISO time of the last write (login or cookie refresh). */
  savedAt: z.string().optional(),
});

export type ZaloCredentials = z.infer<typeof ZaloCredentialsSchema>;
export type ZaloCookie = ZaloCredentials['cookie'][number];

export type CredentialsProblem = 'missing' | 'invalid' | 'rejected';

export const LOGIN_COMMAND = 'npx motcua zalo login';

/**
 * The error the app logs when Zalo cannot start. Other channels keep running; the message says
 * who must do what.
 */
export function credentialsError(problem: CredentialsProblem, path: string, cause?: unknown): MotcuaError {
  const what = {
    missing: `Zalo credentials are missing (${path})`,
    invalid: `Zalo credentials file is unreadable or malformed (${path})`,
    rejected: 'Zalo rejected the saved session (expired, logged out, or the IP/user agent changed)',
  }[problem];
  return new MotcuaError(
    'CONFIG_INVALID',
    `${what}: an operator must run \`${LOGIN_COMMAND}\` and scan the QR code with the bot's Zalo account. The other channels keep running.`,
    { channel: 'zalo', problem, path, action: LOGIN_COMMAND },
    cause === undefined ? undefined : { cause },
  );
}

export class CredentialsStore {
  readonly path: string;
  /** Where the latest login QR is saved, beside the credentials (the console shows it). */
  readonly qrPath: string;

  constructor(path: string) {
    this.path = path;
    this.qrPath = join(dirname(path), 'login-qr.png');
  }

  /** Rejects with `credentialsError('missing' | 'invalid')`. */
  async read(): Promise<ZaloCredentials> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOENT')) throw credentialsError('missing', this.path);
      throw credentialsError('invalid', this.path, e);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      throw credentialsError('invalid', this.path, e);
    }
    const parsed = ZaloCredentialsSchema.safeParse(json);
    // zod issues name the path only (never values): safe to carry in the error.
    if (!parsed.success) throw credentialsError('invalid', this.path, new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
    return parsed.data;
  }

  /** Replaces the file atomically (temp file + rename) with mode 0600 in a 0700 directory. */
  async write(creds: Omit<ZaloCredentials, 'version' | 'savedAt'>): Promise<void> {
    const data: ZaloCredentials = ZaloCredentialsSchema.parse({ ...creds, version: 1, savedAt: new Date().toISOString() });
    await writeSecret(this.path, JSON.stringify(data, null, 2) + '\n');
  }

  async saveQr(png: Uint8Array): Promise<string> {
    await writeSecret(this.qrPath, png);
    return this.qrPath;
  }

  /** The latest login QR as PNG bytes, or null when none is pending. */
  async readQr(): Promise<Uint8Array | null> {
    try {
      return new Uint8Array(await readFile(this.qrPath));
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return null;
      throw e;
    }
  }

  /** A used or expired QR must not linger: remove it after a login finishes. */
  async clearQr(): Promise<void> {
    await rm(this.qrPath, { force: true });
  }
}

async function writeSecret(path: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory alone: tighten it, it holds a live session.
  await chmod(dir, 0o700);
  const tmp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await chmod(path, 0o600);
}

function isErrno(e: unknown, code: string): boolean {
  return e instanceof Error && 'code' in e && e.code === code;
}
