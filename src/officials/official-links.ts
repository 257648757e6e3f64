/**
 * @module One-time codes that link an official's own chat to their console account, so test
 * sends of broadcasts reach them. The console shows a 6-digit code (valid 10 minutes); the
 * official types "liên kết 123456" in the bot's chat (or opens the Telegram deep link
 * `/start ob_123456`), and the engine redeems it here.
 *
 * Live codes are kept in this process's memory, or in Redis (redis-link-codes.ts) so that any
 * process of the deployment can redeem a code another one showed.
 */
import { randomInt } from 'node:crypto';
import type { ChannelName, Locale } from '../channels/channel.ts';
import type { OfficialsStore } from './officials-store.ts';

export const LINK_CODE_TTL_MS = 10 * 60_000;

export interface LinkCode {
  code: string;
  expiresAt: Date;
}

export interface ChatToLink {
  channel: ChannelName;
  chatId: string;
  locale: Locale;
}

/** Where live codes are kept. Times are the service's clock (ms), so every store expires alike. */
export interface PendingLinkCodes {
  /** Keeps `code` for `username` until `expiresAt`, replacing the official's previous code; false when the code is live for someone. */
  put(code: string, username: string, expiresAt: number, now: number): Promise<boolean>;
  /** The official's live code, if any. */
  pending(username: string, now: number): Promise<LinkCode | null>;
  /** Spends a live code and says whose it was; null when unknown or expired. Works once, however many ask at the same time. */
  take(code: string, now: number): Promise<string | null>;
}

/** Live codes in this process's memory: a code shown by one process cannot be redeemed in another. */
export class MemoryLinkCodes implements PendingLinkCodes {
  private readonly byCode = new Map<string, { username: string; expiresAt: number }>();
  private readonly byUser = new Map<string, string>();

  async put(code: string, username: string, expiresAt: number, now: number): Promise<boolean> {
    this.purge(now);
    if (this.byCode.has(code)) return false;
    this.drop(username);
    this.byCode.set(code, { username, expiresAt });
    this.byUser.set(username, code);
    return true;
  }

  async pending(username: string, now: number): Promise<LinkCode | null> {
    this.purge(now);
    const code = this.byUser.get(username);
    const entry = code ? this.byCode.get(code) : undefined;
    return code && entry ? { code, expiresAt: new Date(entry.expiresAt) } : null;
  }

  async take(code: string, now: number): Promise<string | null> {
    this.purge(now);
    const entry = this.byCode.get(code);
    if (!entry) return null;
    this.drop(entry.username);
    return entry.username;
  }

  private drop(username: string): void {
    const code = this.byUser.get(username);
    if (code) this.byCode.delete(code);
    this.byUser.delete(username);
  }

  private purge(at: number): void {
    for (const [code, e] of this.byCode) {
      if (e.expiresAt > at) continue;
      this.byCode.delete(code);
      if (this.byUser.get(e.username) === code) this.byUser.delete(e.username);
    }
  }
}

export class OfficialLinkCodes {
  constructor(
    private readonly officials: Pick<OfficialsStore, 'setChat' | 'get'>,
    private readonly now: () => Date = () => new Date(),
    private readonly ttlMs: number = LINK_CODE_TTL_MS,
    private readonly codes: PendingLinkCodes = new MemoryLinkCodes(),
  ) {}

  /** A new code for the official; the previous one stops working. */
  async issue(username: string): Promise<LinkCode> {
    const now = this.now().getTime();
    const expiresAt = now + this.ttlMs;
    for (;;) {
      // Unique among live codes, so a code names one official only.
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (await this.codes.put(code, username, expiresAt, now)) return { code, expiresAt: new Date(expiresAt) };
    }
  }

  /** The official's code still waiting to be typed, if any. */
  pending(username: string): Promise<LinkCode | null> {
    return this.codes.pending(username, this.now().getTime());
  }

  /** Links the chat to the code's official and spends the code; null when unknown or expired. */
  async redeem(code: string, chat: ChatToLink): Promise<{ username: string } | null> {
    // Spent before the write: a code works once even if two chats race for it.
    const username = await this.codes.take(code, this.now().getTime());
    if (!username) return null;
    const linked = await this.officials.setChat(username, { ...chat, linkedAt: this.now().toISOString() });
    return linked ? { username } : null;
  }
}
