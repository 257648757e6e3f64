/**
 * @module One-time codes that link an official's own chat to their console account, so test
 * sends of broadcasts reach them. The console shows a 6-digit code (valid 10 minutes); the
 * official types "liên kết 123456" in the bot's chat (or opens the Telegram deep link
 * `/start ob_123456`), and the engine redeems it here.
 *
 * Codes live in this process's memory: the console and the engine run in the same process
 * (createApp), and a code lost in a restart is simply asked for again.
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

export class OfficialLinkCodes {
  private readonly byCode = new Map<string, { username: string; expiresAt: number }>();
  private readonly byUser = new Map<string, string>();

  constructor(
    private readonly officials: Pick<OfficialsStore, 'setChat' | 'get'>,
    private readonly now: () => Date = () => new Date(),
    private readonly ttlMs: number = LINK_CODE_TTL_MS,
  ) {}

  /** A new code for the official; the previous one stops working. */
  issue(username: string): LinkCode {
    this.purge();
    this.drop(username);
    let code: string;
    // Unique among live codes, so a code names one official only.
    do code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    while (this.byCode.has(code));
    const expiresAt = this.now().getTime() + this.ttlMs;
    this.byCode.set(code, { username, expiresAt });
    this.byUser.set(username, code);
    return { code, expiresAt: new Date(expiresAt) };
  }

  /** The official's code still waiting to be typed, if any. */
  pending(username: string): LinkCode | null {
    this.purge();
    const code = this.byUser.get(username);
    const entry = code ? this.byCode.get(code) : undefined;
    return code && entry ? { code, expiresAt: new Date(entry.expiresAt) } : null;
  }

  /** Links the chat to the code's official and spends the code; null when unknown or expired. */
  async redeem(code: string, chat: ChatToLink): Promise<{ username: string } | null> {
    this.purge();
    const entry = this.byCode.get(code);
    if (!entry) return null;
    // Spent before the write: a code works once even if two chats race for it.
    this.drop(entry.username);
    const linked = await this.officials.setChat(entry.username, { ...chat, linkedAt: this.now().toISOString() });
    return linked ? { username: entry.username } : null;
  }

  private drop(username: string): void {
    const code = this.byUser.get(username);
    if (code) this.byCode.delete(code);
    this.byUser.delete(username);
  }

  private purge(): void {
    const at = this.now().getTime();
    for (const [code, e] of this.byCode) {
      if (e.expiresAt > at) continue;
      this.byCode.delete(code);
      if (this.byUser.get(e.username) === code) this.byUser.delete(e.username);
    }
  }
}
