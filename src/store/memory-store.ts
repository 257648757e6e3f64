/**
 * @module The zero-setup store: everything in this process's memory, lost on restart.
 * Values are kept as JSON strings and parsed on read, so it behaves like Redis (no shared
 * mutable objects) and the contract tests hold for both.
 */
import { MotcuaError } from '../errors.ts';
import { DossierSchema, type Dossier } from '../dossiers/dossier.ts';
import { KeyQueue } from '../concurrency/key-queue.ts';
import { parseChatLogEntry } from './chat-log-entry.ts';
import { matchesDossierQuery } from './dossier-query.ts';
import { inSegment, SubscriptionSchema, type Segment, type Subscription } from '../broadcast/subscription.ts';
import type { ChatLogEntry, ChatLogStore, ChatTurn, CounterStore, DossierQuery, DossierStore, SessionStore, Store, SubscriptionStore } from './store.ts';

const SEEN_TTL_MS = 24 * 3_600_000;
const SEEN_MAX = 100_000;
const LOG_KEEP = 500;

class MemorySessions implements SessionStore {
  private readonly sessions = new Map<string, string>();
  private readonly seen = new Map<string, number>();
  private readonly queue = new KeyQueue();

  constructor(private readonly now: () => number) {}

  begin(chatKey: string, messageId: string): Promise<ChatTurn> {
    return new Promise<ChatTurn>((granted) => {
      // Hold the chat's place in the queue until the turn commits or is released.
      void this.queue.run(chatKey, () => new Promise<void>((done) => {
        const seenKey = `${chatKey}\u0000${messageId}`;
        const seenAt = this.seen.get(seenKey);
        const duplicate = seenAt !== undefined && this.now() - seenAt < SEEN_TTL_MS;
        let open = true;
        const end = (): void => {
          if (!open) throw new MotcuaError('LOCK_TIMEOUT', 'this turn has already ended');
          open = false;
          done();
        };
        // Always locked: in one process the queue is the lock, and taking it costs nothing.
        granted({
          duplicate,
          session: this.sessions.get(chatKey) ?? null,
          speculative: false,
          hold: () => Promise.resolve(),
          commit: async (next) => {
            if (!open) throw new MotcuaError('LOCK_TIMEOUT', 'this turn has already ended');
            if (typeof next === 'string') this.sessions.set(chatKey, next);
            else if (next === null) this.sessions.delete(chatKey);
            this.markSeen(seenKey);
            end();
            return null;
          },
          release: async () => end(),
        });
      }));
    });
  }

  async peek(chatKey: string): Promise<string | null> {
    return this.sessions.get(chatKey) ?? null;
  }

  private markSeen(key: string): void {
    this.seen.set(key, this.now());
    if (this.seen.size > SEEN_MAX) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let n = SEEN_MAX / 10;
      for (const k of this.seen.keys()) {
        this.seen.delete(k);
        if (--n <= 0) break;
      }
    }
  }
}

class MemoryChatLog implements ChatLogStore {
  private readonly logs = new Map<string, { seq: number; resetSeq: number; entries: string[] }>();

  async append(chatKey: string, messages: ChatLogEntry['message'][]): Promise<number[]> {
    let log = this.logs.get(chatKey);
    if (!log) this.logs.set(chatKey, (log = { seq: 0, resetSeq: 0, entries: [] }));
    const at = new Date().toISOString();
    const seqs = messages.map((message) => {
      const seq = ++log.seq;
      log.entries.push(JSON.stringify({ seq, at, message }));
      return seq;
    });
    if (log.entries.length > LOG_KEEP) log.entries.splice(0, log.entries.length - LOG_KEEP);
    return seqs;
  }

  async after(chatKey: string, seq: number, limit: number): Promise<ChatLogEntry[]> {
    const entries = (this.logs.get(chatKey)?.entries ?? []).map(parseChatLogEntry);
    return entries.filter((e) => e.seq > seq).slice(0, limit);
  }

  async position(chatKey: string): Promise<{ lastSeq: number; resetSeq: number }> {
    const log = this.logs.get(chatKey);
    return { lastSeq: log?.seq ?? 0, resetSeq: log?.resetSeq ?? 0 };
  }

  async delete(chatKey: string): Promise<void> {
    const log = this.logs.get(chatKey);
    if (log) {
      log.entries = [];
      log.resetSeq = log.seq;
    }
  }
}

class MemoryDossiers implements DossierStore {
  private readonly byCode = new Map<string, string>();
  private readonly bySubmission = new Map<string, string>();
  private readonly chats = new Map<string, Set<string>>();

  async create(dossier: Dossier): Promise<{ dossier: Dossier; created: boolean }> {
    const existing = this.bySubmission.get(dossier.submissionKey);
    if (existing) return { dossier: (await this.get(existing))!, created: false };
    if (this.byCode.has(dossier.code)) throw new MotcuaError('INTERNAL', 'tracking code collision');
    this.byCode.set(dossier.code, JSON.stringify(dossier));
    this.bySubmission.set(dossier.submissionKey, dossier.code);
    for (const n of dossier.notify) this.link(`${n.channel}:${n.chatId}`, dossier.code);
    return { dossier: DossierSchema.parse(JSON.parse(this.byCode.get(dossier.code)!)), created: true };
  }

  async get(code: string): Promise<Dossier | null> {
    const raw = this.byCode.get(code);
    return raw ? DossierSchema.parse(JSON.parse(raw)) : null;
  }

  async list(q: DossierQuery): Promise<Dossier[]> {
    const all = [...this.byCode.values()].map((r) => DossierSchema.parse(JSON.parse(r)));
    return all
      .filter((d) => matchesDossierQuery(d, q))
      .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
      .slice(q.offset ?? 0, (q.offset ?? 0) + q.limit);
  }

  async byChat(chatKey: string): Promise<string[]> {
    return [...(this.chats.get(chatKey) ?? [])];
  }

  async update(code: string, change: (d: Dossier) => Dossier): Promise<Dossier | null> {
    // Read, change and write without yielding, so concurrent updates cannot interleave.
    const raw = this.byCode.get(code);
    if (!raw) return null;
    const current = DossierSchema.parse(JSON.parse(raw));
    const next = DossierSchema.parse(change(current));
    this.byCode.set(code, JSON.stringify(next));
    for (const n of next.notify) this.link(`${n.channel}:${n.chatId}`, code);
    return next;
  }

  async unlinkChat(chatKey: string): Promise<void> {
    const codes = this.chats.get(chatKey);
    this.chats.delete(chatKey);
    for (const code of codes ?? []) {
      await this.update(code, (d) => ({ ...d, notify: d.notify.filter((n) => `${n.channel}:${n.chatId}` !== chatKey) }));
    }
  }

  private link(chatKey: string, code: string): void {
    let set = this.chats.get(chatKey);
    if (!set) this.chats.set(chatKey, (set = new Set()));
    set.add(code);
  }
}

class MemoryCounters implements CounterStore {
  private readonly windows = new Map<string, { count: number; until: number }>();

  constructor(private readonly now: () => number) {}

  async hit(key: string, windowS: number): Promise<number> {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || w.until <= t) {
      this.windows.set(key, { count: 1, until: t + windowS * 1000 });
      if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (v.until <= t) this.windows.delete(k);
      return 1;
    }
    return ++w.count;
  }

  async count(key: string): Promise<number> {
    const w = this.windows.get(key);
    return w && w.until > this.now() ? w.count : 0;
  }
}

class MemorySubscriptions implements SubscriptionStore {
  private readonly subs = new Map<string, string>();

  async put(sub: Subscription): Promise<void> {
    this.subs.set(`${sub.channel}:${sub.chatId}`, JSON.stringify(SubscriptionSchema.parse(sub)));
  }

  async get(chatKey: string): Promise<Subscription | null> {
    const raw = this.subs.get(chatKey);
    return raw ? SubscriptionSchema.parse(JSON.parse(raw)) : null;
  }

  async remove(chatKey: string): Promise<boolean> {
    return this.subs.delete(chatKey);
  }

  async list(segment: Segment): Promise<Subscription[]> {
    return [...this.subs.values()].map((raw) => SubscriptionSchema.parse(JSON.parse(raw))).filter((sub) => inSegment(sub, segment));
  }
}

export function createMemoryStore(opts: { now?: () => number } = {}): Store {
  const now = opts.now ?? Date.now;
  return {
    kind: 'memory',
    counters: new MemoryCounters(now),
    subscriptions: new MemorySubscriptions(),
    sessions: new MemorySessions(now),
    chatLog: new MemoryChatLog(),
    dossiers: new MemoryDossiers(),
    ping: async () => {},
    close: async () => {},
  };
}
