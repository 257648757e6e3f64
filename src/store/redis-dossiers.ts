/**
 * @module Dossiers in Redis: one JSON value per code, a submission-key index that makes
 * submitting idempotent, a time index for listing, and per-chat sets for "my dossiers".
 */
import type { Redis } from 'ioredis';
import { MotcuaError } from '../errors.ts';
import { DossierSchema, type Dossier } from '../dossiers/dossier.ts';
import { CREATE_DOSSIER, UPDATE_DOSSIER } from './redis-scripts.ts';
import { RedisScript } from './redis-script-runner.ts';
import { matchesDossierQuery } from './dossier-query.ts';
import type { DossierQuery, DossierStore } from './store.ts';

const createDossier = new RedisScript(CREATE_DOSSIER);
const updateDossier = new RedisScript(UPDATE_DOSSIER);

function parse(raw: string): Dossier {
  return DossierSchema.parse(JSON.parse(raw));
}

export class RedisDossiers implements DossierStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(code: string): string {
    return `${this.prefix}dossier:${code}`;
  }

  async create(dossier: Dossier): Promise<{ dossier: Dossier; created: boolean }> {
    const json = JSON.stringify(DossierSchema.parse(dossier));
    const chats = dossier.notify.map((n) => `${n.channel}:${n.chatId}`);
    const reply = await createDossier.run(
      this.redis,
      [this.key(dossier.code), `${this.prefix}submission:${dossier.submissionKey}`, `${this.prefix}dossiers:by-time`],
      [json, dossier.code, Date.parse(dossier.submittedAt), this.prefix, ...chats],
    );
    if (!Array.isArray(reply) || typeof reply[0] !== 'number') throw new MotcuaError('STORE_UNAVAILABLE', 'unexpected reply from the dossier script');
    if (reply[0] === -1) throw new MotcuaError('INTERNAL', 'tracking code collision');
    if (typeof reply[1] !== 'string') throw new MotcuaError('SESSION_CORRUPT', 'a submission points at a missing dossier');
    return { dossier: parse(reply[1]), created: reply[0] === 1 };
  }

  async get(code: string): Promise<Dossier | null> {
    const raw = await this.redis.get(this.key(code));
    return raw ? parse(raw) : null;
  }

  async list(q: DossierQuery): Promise<Dossier[]> {
    const out: Dossier[] = [];
    const offset = q.offset ?? 0;
    let skipped = 0;
    // The time index narrows to the date range; the rest is filtered as we walk it newest-first in pages.
    const max = q.submittedBefore ? `(${Date.parse(q.submittedBefore)}` : '+inf';
    const min = q.submittedFrom ? String(Date.parse(q.submittedFrom)) : '-inf';
    for (let start = 0; out.length < q.limit; start += 200) {
      const codes = await this.redis.zrevrangebyscore(`${this.prefix}dossiers:by-time`, max, min, 'LIMIT', start, 200);
      if (codes.length === 0) break;
      const raws = await this.redis.mget(codes.map((c) => this.key(c)));
      for (const raw of raws) {
        if (!raw) continue;
        const d = parse(raw);
        if (!matchesDossierQuery(d, q)) continue;
        if (skipped++ < offset) continue;
        out.push(d);
        if (out.length >= q.limit) break;
      }
    }
    return out;
  }

  async byChat(chatKey: string): Promise<string[]> {
    return this.redis.smembers(`${this.prefix}chat-dossiers:${chatKey}`);
  }

  async update(code: string, change: (d: Dossier) => Dossier): Promise<Dossier | null> {
    const key = this.key(code);
    for (let attempt = 0; attempt < 20; attempt++) {
      const raw = await this.redis.get(key);
      if (!raw) return null;
      const next = DossierSchema.parse(change(parse(raw)));
      const chats = next.notify.map((n) => `${n.channel}:${n.chatId}`);
      const ok = await updateDossier.run(this.redis, [key], [raw, JSON.stringify(next), code, this.prefix, ...chats]);
      if (ok === 1) return next;
    }
    throw new MotcuaError('STORE_UNAVAILABLE', `dossier ${code} is being changed too often to update`);
  }

  async unlinkChat(chatKey: string): Promise<void> {
    const codes = await this.byChat(chatKey);
    for (const code of codes) {
      await this.update(code, (d) => ({ ...d, notify: d.notify.filter((n) => `${n.channel}:${n.chatId}` !== chatKey) }));
    }
    await this.redis.del(`${this.prefix}chat-dossiers:${chatKey}`);
  }
}
