/**
 * @module Realistic updates (after telegraf's test/_helpers.js): increasing update ids,
 * per-chat message ids shared with the bot's own messages, Unix-second dates, users with a
 * language_code. Building an update does not deliver it; FakeTelegram.inject does.
 */
import type { FakeCallbackQuery, FakeChat, FakeMessage, FakeUpdate, FakeUser } from './bot-api-types.ts';

export interface UserOptions {
  /** Telegram's language_code, e.g. 'vi' or 'en'. Default 'vi'. */
  languageCode?: string;
  firstName?: string;
  username?: string;
}

export type MessageContent = Omit<FakeMessage, 'message_id' | 'date' | 'chat' | 'from'>;

export class UpdateFactory {
  private nextUpdate = 100_000_001;
  private nextQuery = 4_000_000_000_000_001n;
  private readonly messageIds = new Map<number, number>();
  private readonly users = new Map<number, FakeUser>();

  /** Message ids are per chat and shared by both sides, as in Telegram private chats. */
  nextMessageId(chatId: number): number {
    const id = (this.messageIds.get(chatId) ?? 0) + 1;
    this.messageIds.set(chatId, id);
    return id;
  }

  nextUpdateId(): number {
    return this.nextUpdate++;
  }

  user(userId: number, opts: UserOptions = {}): FakeUser {
    const known = this.users.get(userId);
    const user: FakeUser = {
      id: userId,
      is_bot: false,
      first_name: opts.firstName ?? known?.first_name ?? `Dân ${userId}`,
      language_code: opts.languageCode ?? known?.language_code ?? 'vi',
      ...(opts.username ?? known?.username ? { username: opts.username ?? known?.username } : {}),
    };
    this.users.set(userId, user);
    return user;
  }

  privateChat(userId: number): FakeChat {
    const u = this.users.get(userId);
    return { id: userId, type: 'private', first_name: u?.first_name ?? `Dân ${userId}` };
  }

  /** A message from user `chatId` in their private chat with the bot. */
  message(chatId: number, content: MessageContent, opts: UserOptions = {}): FakeUpdate {
    const from = this.user(chatId, opts);
    return {
      update_id: this.nextUpdateId(),
      message: { message_id: this.nextMessageId(chatId), date: now(), chat: this.privateChat(chatId), from, ...content },
    };
  }

  /** A message in a group: `groupId` is negative (supergroups start with -100). */
  groupMessage(groupId: number, fromUserId: number, content: MessageContent, opts: UserOptions = {}): FakeUpdate {
    const type = String(groupId).startsWith('-100') ? 'supergroup' : 'group';
    return {
      update_id: this.nextUpdateId(),
      message: {
        message_id: this.nextMessageId(groupId),
        date: now(),
        chat: { id: groupId, type, title: `Nhóm ${groupId}` },
        from: this.user(fromUserId, opts),
        ...content,
      },
    };
  }

  edited(chatId: number, messageId: number, text: string, opts: UserOptions = {}): FakeUpdate {
    return {
      update_id: this.nextUpdateId(),
      edited_message: {
        message_id: messageId,
        date: now() - 5,
        edit_date: now(),
        chat: this.privateChat(chatId),
        from: this.user(chatId, opts),
        text,
      },
    };
  }

  /** A tap on an inline button; `message` is the bot's message that carries the keyboard. */
  callback(chatId: number, message: FakeMessage | undefined, data: string, opts: UserOptions = {}): FakeUpdate {
    const query: FakeCallbackQuery = {
      id: String(this.nextQuery++),
      from: this.user(chatId, opts),
      chat_instance: `-${chatId}0042`,
      data,
      ...(message ? { message } : {}),
    };
    return { update_id: this.nextUpdateId(), callback_query: query };
  }

  /** Text with a bot_command entity, e.g. `/start payload`. */
  command(chatId: number, command: string, args: string | undefined, opts: UserOptions = {}): FakeUpdate {
    const word = command.startsWith('/') ? command : `/${command}`;
    const text = args === undefined ? word : `${word} ${args}`;
    return this.message(chatId, { text, entities: [{ type: 'bot_command', offset: 0, length: word.length }] }, opts);
  }
}

export function now(): number {
  return Math.floor(Date.now() / 1000);
}
