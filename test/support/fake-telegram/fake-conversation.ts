/**
 * @module One private chat seen from the citizen's phone: say things, tap buttons, send
 * photos, read the bot's replies in order. Meant for end-to-end tests through the engine:
 *
 * @example
 * const lan = fake.chat(1001, { languageCode: 'vi' });
 * lan.say('khai sinh');
 * const [question] = await lan.replies();
 * lan.tap('Nữ');
 */
import type { BotMessage } from './fake-state.ts';
import { inlineButtons } from './fake-state.ts';
import type { FakeTelegram, Injected } from './fake-telegram.ts';
import type { UserOptions } from './update-factory.ts';

export class FakeConversation {
  constructor(
    private readonly fake: FakeTelegram,
    readonly chatId: number,
    private readonly user: UserOptions = {},
  ) {}

  say(text: string): Injected {
    return this.fake.sendText(this.chatId, text, this.user);
  }

  /** `/start` with an optional deep-link payload (t.me/bot?start=payload). */
  start(payload?: string): Injected {
    return this.fake.sendCommand(this.chatId, '/start', payload, this.user);
  }

  command(command: string, args?: string): Injected {
    return this.fake.sendCommand(this.chatId, command, args, this.user);
  }

  /** Taps the button with this label on the latest message showing it. */
  tap(label: string): Injected {
    return this.fake.tap(this.chatId, label, this.user);
  }

  photo(bytes: Uint8Array, opts: { caption?: string; declaredSize?: number | null } = {}): Injected {
    return this.fake.sendPhoto(this.chatId, bytes, { ...opts, user: this.user });
  }

  document(bytes: Uint8Array, mime: string, fileName: string): Injected {
    return this.fake.sendDocument(this.chatId, bytes, { mime, fileName, user: this.user });
  }

  location(latitude: number, longitude: number): Injected {
    return this.fake.sendLocation(this.chatId, latitude, longitude, this.user);
  }

  /** Shares the user's own number, as the "share my number" button does. */
  shareContact(phone: string): Injected {
    return this.fake.sendContact(this.chatId, phone, { own: true, user: this.user });
  }

  /** The next `n` bot messages not read yet. */
  replies(n = 1, timeoutMs?: number): Promise<BotMessage[]> {
    return this.fake.nextMessages(this.chatId, n, timeoutMs);
  }

  /** The visible text of the next `n` bot messages. */
  async texts(n = 1, timeoutMs?: number): Promise<string[]> {
    return (await this.replies(n, timeoutMs)).map((m) => m.text);
  }

  /** Everything sent since the last read, without waiting. */
  unread(): BotMessage[] {
    return this.fake.unread(this.chatId);
  }

  /** Labels of the inline buttons still shown on the chat's latest keyboard message. */
  buttons(): string[] {
    const withKeyboard = this.fake.messages(this.chatId).filter((m) => inlineButtons(m.replyMarkup).length > 0);
    return inlineButtons(withKeyboard.at(-1)?.replyMarkup).map((b) => b.text);
  }

  /** Every message to this chat, oldest first. */
  transcript(): BotMessage[] {
    return this.fake.messages(this.chatId);
  }
}
