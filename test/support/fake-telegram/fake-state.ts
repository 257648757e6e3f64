/**
 * @module What the fake Bot API server remembers: the bot, files users sent, every message
 * the bot sent (with its current keyboard, so edits show), callback queries and their
 * answers, chat actions, the webhook and the command menu.
 */
import type { FakeChat, FakeMessage, FakeUser, InlineButton, ReplyMarkup } from './bot-api-types.ts';
import { UpdateFactory } from './update-factory.ts';

/** A Bot API error answer: `{ ok: false, error_code, description }`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(description);
  }
}

export interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  bytes: Uint8Array;
  mime?: string;
  /** file_size Telegram reports; defaults to the byte length. `null` omits it. */
  declaredSize: number | null;
  /** Serve without Content-Length (chunked), so a client cannot refuse before reading. */
  chunked: boolean;
}

export interface FileOptions {
  mime?: string;
  declaredSize?: number | null;
  chunked?: boolean;
  /** Sub-folder in file_path, as Telegram uses (`photos`, `documents`). */
  folder?: string;
  extension?: string;
}

/** A message the bot sent, as a test reads it. */
export interface BotMessage {
  chatId: number;
  messageId: number;
  method: 'sendMessage' | 'sendPhoto';
  /** What the user sees: the text or caption with HTML tags removed and entities decoded. */
  text: string;
  /** The text or caption exactly as sent. */
  raw: string;
  parseMode?: string;
  photo?: { bytes?: Uint8Array; url?: string; fileId?: string; fileName?: string };
  /** The current markup (edits change it); reply keyboards and removals are kept as sent. */
  replyMarkup?: ReplyMarkup;
  sentAt: number;
  edits: number;
  /** The Message object the server answered with (used as callback_query.message). */
  message: FakeMessage;
}

export class FakeState {
  readonly factory = new UpdateFactory();
  readonly files = new Map<string, StoredFile>();
  readonly filesByPath = new Map<string, StoredFile>();
  readonly transcripts = new Map<number, BotMessage[]>();
  readonly queries = new Map<string, { chatId: number; answer?: { text?: string; showAlert: boolean; at: number } }>();
  readonly chatActions: { chatId: number; action: string; at: number }[] = [];
  readonly commands = new Map<string, { command: string; description: string }[]>();
  /** Chats seen in injected updates, so answers carry the right chat type and title. */
  readonly chats = new Map<number, FakeChat>();
  webhook: { url: string; secretToken?: string; allowedUpdates?: string[]; maxConnections?: number } | undefined;
  private fileSeq = 0;

  constructor(readonly bot: FakeUser) {}

  registerFile(bytes: Uint8Array, opts: FileOptions = {}): StoredFile {
    const n = ++this.fileSeq;
    // Real file ids are long opaque base64url strings; length matters for callback_data-style limits elsewhere.
    const fileId = `AgACAgUAAxkBAAI${String(n).padStart(6, '0')}${'x'.repeat(40)}`;
    const file: StoredFile = {
      fileId,
      uniqueId: `AQAD${n}`,
      path: `${opts.folder ?? 'photos'}/file_${n}.${opts.extension ?? 'jpg'}`,
      bytes,
      ...(opts.mime ? { mime: opts.mime } : {}),
      declaredSize: opts.declaredSize === undefined ? bytes.length : opts.declaredSize,
      chunked: opts.chunked ?? false,
    };
    this.files.set(fileId, file);
    this.filesByPath.set(file.path, file);
    return file;
  }

  transcript(chatId: number): BotMessage[] {
    let t = this.transcripts.get(chatId);
    if (!t) {
      t = [];
      this.transcripts.set(chatId, t);
    }
    return t;
  }

  chat(chatId: number): FakeChat {
    const known = this.chats.get(chatId);
    if (known) return known;
    if (chatId > 0) return { id: chatId, type: 'private', first_name: `Dân ${chatId}` };
    return { id: chatId, type: String(chatId).startsWith('-100') ? 'supergroup' : 'group', title: `Nhóm ${chatId}` };
  }

  botMessage(chatId: number, messageId: number): BotMessage | undefined {
    return this.transcripts.get(chatId)?.find((m) => m.messageId === messageId);
  }
}

/** The inline buttons of a markup, row by row flattened; empty for other markups. */
export function inlineButtons(markup: ReplyMarkup | undefined): InlineButton[] {
  return markup && 'inline_keyboard' in markup ? markup.inline_keyboard.flat() : [];
}
