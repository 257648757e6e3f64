/**
 * @module `motcua officials add|passwd|list|remove`: the accounts that log in to the console,
 * kept in `<DATA_DIR>/officials.json`. Passwords are prompted (no echo) or read from stdin.
 *
 * @example
 *   npx motcua officials add lan.nguyen                  # role officer
 *   npx motcua officials add minh --role broadcast       # officer + broadcast
 *   npx motcua officials add it.le --role channels       # officer + the Zalo connection page
 *   printf 'correct horse battery\n' | npx motcua officials add ci-bot
 */
import type { Writable } from 'node:stream';
import { loadConfig } from '../config/config.ts';
import { isMotcuaError } from '../errors.ts';
import { DEFAULT_ROLES, MIN_PASSWORD_LENGTH, ROLES, RoleSchema, UsernameSchema, type Role } from '../officials/official.ts';
import { FileOfficialsStore } from '../officials/officials-store.ts';
import { hashPassword, type ScryptParams } from '../officials/password-hash.ts';
import { PromptCancelled, readNewPassword, type PromptInput } from './officials-prompt.ts';

export const OFFICIALS_USAGE = `usage:
  motcua officials add <username> [--role R]...        create an official (password prompted, or one line on stdin)
  motcua officials passwd <username>                    set a new password
  motcua officials list                                 usernames and roles
  motcua officials remove <username>                    delete an official (their sessions end at once)

roles: officer (always) works dossiers; broadcast may send broadcasts; channels sees the
chat channels' connections and logs the bot in to Zalo again by QR code.
officials are kept in <DATA_DIR>/officials.json (DATA_DIR defaults to ./data).
`;

export interface OfficialsCommandIo {
  stdin: PromptInput;
  stdout: Writable;
  stderr: Writable;
  /** Defaults to DATA_DIR from the environment. */
  dataDir?: string;
  /** Lighter scrypt parameters for tests; the default is DEFAULT_SCRYPT. */
  scrypt?: ScryptParams;
}

/** Runs `motcua officials <args>`; returns the exit code. `args` starts after "officials". */
export async function runOfficialsCommand(args: string[], io: OfficialsCommandIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [sub, ...rest] = args;
  const fail = (message: string, code = 1): number => {
    io.stderr.write(`${message}\n`);
    return code;
  };
  const store = new FileOfficialsStore(io.dataDir ?? loadConfig().dataDir);
  try {
    switch (sub) {
      case 'add':
      case 'passwd': {
        const parsed = parseArgs(rest);
        if (typeof parsed === 'string') return fail(`${parsed}\n\n${OFFICIALS_USAGE}`, 2);
        if (sub === 'passwd' && parsed.roles.length > 0) return fail('passwd takes no --role; remove and add the official to change roles', 2);
        const username = parsed.username;
        const existing = await store.get(username);
        if (sub === 'add' && existing) return fail(`an official named "${username}" already exists (use "motcua officials passwd ${username}" to change the password)`);
        if (sub === 'passwd' && !existing) return fail(`no official named "${username}"`);
        const password = await readNewPassword(io.stdin, io.stderr, { first: `password for ${username}: `, again: 'again: ' });
        if ([...password].length < MIN_PASSWORD_LENGTH) return fail(`the password is too short: use at least ${MIN_PASSWORD_LENGTH} characters (a few words make a good one)`);
        const hash = await hashPassword(password, io.scrypt);
        if (sub === 'passwd') {
          await store.setPassword(username, hash);
          io.stdout.write(`password changed for ${username}\n`);
        } else {
          const roles: Role[] = [...new Set<Role>([...DEFAULT_ROLES, ...parsed.roles])];
          await store.add(username, hash, roles);
          io.stdout.write(`added ${username} (${roles.join(', ')}) to ${store.path}\n`);
        }
        return 0;
      }
      case 'list': {
        const all = await store.list();
        if (all.length === 0) io.stdout.write(`no officials yet; add one with "motcua officials add <username>"\n`);
        for (const o of all) io.stdout.write(`${o.username}\t${o.roles.join(',')}\tsince ${o.createdAt.slice(0, 10)}\n`);
        return 0;
      }
      case 'remove': {
        const name = UsernameSchema.safeParse(rest[0] ?? '');
        if (!name.success || rest.length !== 1) return fail(`remove takes one username\n\n${OFFICIALS_USAGE}`, 2);
        if (!(await store.remove(name.data))) return fail(`no official named "${name.data}"`);
        io.stdout.write(`removed ${name.data}\n`);
        return 0;
      }
      case 'help':
      case '--help':
        io.stdout.write(OFFICIALS_USAGE);
        return 0;
      default:
        return fail(sub === undefined ? OFFICIALS_USAGE : `unknown officials command: ${sub}\n\n${OFFICIALS_USAGE}`, 2);
    }
  } catch (e) {
    if (e instanceof PromptCancelled) return fail('cancelled; nothing was changed', 130);
    return fail(isMotcuaError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e));
  }
}

/** `<username> [--role r]...` (also `--role=r`). */
function parseArgs(args: string[]): { username: string; roles: Role[] } | string {
  const roles: Role[] = [];
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = a === '--role' ? args[++i] : a.startsWith('--role=') ? a.slice('--role='.length) : undefined;
    if (a === '--role' || a.startsWith('--role=')) {
      const role = RoleSchema.safeParse(value);
      if (!role.success) return `unknown role ${JSON.stringify(value ?? '')}: expected one of ${ROLES.join(', ')}`;
      roles.push(role.data);
    } else if (a.startsWith('-')) {
      return `unknown option ${a}`;
    } else {
      names.push(a);
    }
  }
  if (names.length !== 1) return 'expected one username';
  const username = UsernameSchema.safeParse(names[0]);
  if (!username.success) return `invalid username ${JSON.stringify(names[0])}: ${username.error.issues[0]?.message ?? ''}`;
  return { username: username.data, roles };
}
