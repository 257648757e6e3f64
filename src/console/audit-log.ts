/**
 * @module The console's audit trail: who did what, when, from where — logins (also failed and
 * refused ones), logouts, dossier views, photo views and every action. One JSON line per entry
 * in `<DATA_DIR>/console-audit.jsonl` (owner-only, append-only). Entries name dossiers by code
 * and never carry answers, notes or passwords.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const AuditEntrySchema = z.object({
  at: z.string(),
  /** "official:<username>", or "anonymous" for failed logins. */
  actor: z.string(),
  /** "login", "login_failed", "login_limited", "logout", "dossier.view", "dossier.photo", "dossier.receive", ... */
  action: z.string(),
  /** A dossier code, a username... */
  target: z.string().optional(),
  outcome: z.enum(['ok', 'refused', 'failed']),
  /** The client address. */
  ip: z.string().optional(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  /** The newest entries first. */
  recent(limit: number): Promise<AuditEntry[]>;
}

export class FileAuditLog implements AuditLog {
  readonly path: string;
  private ready: Promise<unknown> | undefined;

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'console-audit.jsonl');
  }

  async record(entry: AuditEntry): Promise<void> {
    this.ready ??= mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    await this.ready;
    // One write per line with O_APPEND: lines from concurrent writers do not interleave.
    await appendFile(this.path, `${JSON.stringify(AuditEntrySchema.parse(entry))}\n`, { mode: 0o600, flag: 'a' });
  }

  async recent(limit: number): Promise<AuditEntry[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch {
      return [];
    }
    const out: AuditEntry[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const line = lines[i];
      if (!line) continue;
      try {
        const e = AuditEntrySchema.safeParse(JSON.parse(line));
        if (e.success) out.push(e.data);
      } catch {
        // A torn last line after a crash is skipped, not fatal.
      }
    }
    return out;
  }
}

/** Keeps entries in memory (tests). */
export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: AuditEntry): Promise<void> {
    this.entries.push(AuditEntrySchema.parse(entry));
  }
  async recent(limit: number): Promise<AuditEntry[]> {
    return this.entries.slice(-limit).reverse();
  }
}
