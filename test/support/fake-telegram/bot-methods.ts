/**
 * @module The Bot API methods the fake implements (everything but getUpdates, which holds
 * connections and lives in the server). Each validates like Telegram does — empty or too long
 * text, bad HTML, callback_data over 64 bytes, unknown message to edit, double-answered
 * callback query — and answers the realistic result object.
 */
import { z } from 'zod';
import type { FakeMessage, FakePhotoSize, ReplyMarkup } from './bot-api-types.ts';
import { ApiError, type BotMessage, type FakeState } from './fake-state.ts';
import { parseTelegramHtml } from './html-check.ts';
import { boolParam, isUpload, jsonParam, numParam, strParam, type Params } from './read-params.ts';
import { now } from './update-factory.ts';

export type MethodHandler = (p: Params) => unknown;

const InlineButtonSchema = z.object({ text: z.string().min(1), callback_data: z.string().optional(), url: z.string().optional() });
const ReplyButtonSchema = z.object({ text: z.string().min(1), request_contact: z.boolean().optional(), request_location: z.boolean().optional() });
const MarkupSchema = z.union([
  z.object({ inline_keyboard: z.array(z.array(InlineButtonSchema)) }),
  z.object({
    keyboard: z.array(z.array(ReplyButtonSchema)),
    one_time_keyboard: z.boolean().optional(),
    resize_keyboard: z.boolean().optional(),
    is_persistent: z.boolean().optional(),
    input_field_placeholder: z.string().max(64).optional(),
  }),
  z.object({ remove_keyboard: z.literal(true) }),
  z.object({ force_reply: z.literal(true) }),
]);

const CHAT_ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);
const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;

function markupParam(p: Params): ReplyMarkup | undefined {
  if (p.reply_markup === undefined) return undefined;
  const r = MarkupSchema.safeParse(jsonParam(p.reply_markup));
  if (!r.success) throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  const markup = r.data;
  if ('inline_keyboard' in markup) {
    for (const b of markup.inline_keyboard.flat()) {
      if (b.callback_data === undefined && b.url === undefined) {
        throw new ApiError(400, "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
      const bytes = b.callback_data === undefined ? 1 : Buffer.byteLength(b.callback_data, 'utf8');
      if (bytes < 1 || bytes > 64) throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
    }
  }
  return markup;
}

function chatIdParam(p: Params): number {
  const id = numParam(p.chat_id);
  if (id === undefined) throw new ApiError(400, 'Bad Request: chat_id is empty');
  return id;
}

/** Applies parse_mode and returns what the user would see. */
function visible(raw: string, parseMode: string | undefined): string {
  if (parseMode === undefined || parseMode === '') return raw;
  if (parseMode.toUpperCase() !== 'HTML') throw new ApiError(400, `Bad Request: unsupported parse_mode "${parseMode}" in the fake`);
  const r = parseTelegramHtml(raw);
  if (!r.ok) throw new ApiError(400, r.error);
  return r.text;
}

function sameMarkup(a: ReplyMarkup | undefined, b: ReplyMarkup | undefined): boolean {
  const norm = (m: ReplyMarkup | undefined): string =>
    !m || ('inline_keyboard' in m && m.inline_keyboard.flat().length === 0) ? '' : JSON.stringify(m);
  return norm(a) === norm(b);
}

/** Inline keyboards stay on the message; reply keyboards belong to the chat, not the message. */
function inlineOnly(m: ReplyMarkup | undefined): FakeMessage['reply_markup'] {
  return m && 'inline_keyboard' in m && m.inline_keyboard.length > 0 ? { inline_keyboard: m.inline_keyboard } : undefined;
}

export function createMethods(state: FakeState, hooks: { dropPending(): void }): Record<string, MethodHandler> {
  const record = (msg: BotMessage): FakeMessage => {
    state.transcript(msg.chatId).push(msg);
    return msg.message;
  };

  const base = (chatId: number): Pick<FakeMessage, 'message_id' | 'date' | 'chat' | 'from'> => ({
    message_id: state.factory.nextMessageId(chatId),
    date: now(),
    chat: state.chat(chatId),
    from: state.bot,
  });

  return {
    getMe: () => state.bot,

    sendMessage: (p) => {
      const chatId = chatIdParam(p);
      const raw = strParam(p.text) ?? '';
      const parseMode = strParam(p.parse_mode);
      const text = visible(raw, parseMode);
      if (text.trim().length === 0) throw new ApiError(400, 'Bad Request: message text is empty');
      if (text.length > 4096) throw new ApiError(400, 'Bad Request: message is too long');
      const markup = markupParam(p);
      const inline = inlineOnly(markup);
      const message: FakeMessage = { ...base(chatId), text, ...(inline ? { reply_markup: inline } : {}) };
      return record({
        chatId, messageId: message.message_id, method: 'sendMessage', text, raw,
        ...(parseMode ? { parseMode } : {}), ...(markup ? { replyMarkup: markup } : {}),
        sentAt: Date.now(), edits: 0, message,
      });
    },

    sendPhoto: (p) => {
      const chatId = chatIdParam(p);
      const raw = strParam(p.caption) ?? '';
      const parseMode = strParam(p.parse_mode);
      const caption = visible(raw, parseMode);
      if (caption.length > 1024) throw new ApiError(400, 'Bad Request: message caption is too long');
      const markup = markupParam(p);
      let photo: NonNullable<BotMessage['photo']>;
      let stored;
      if (isUpload(p.photo)) {
        if (p.photo.bytes.length === 0) throw new ApiError(400, 'Bad Request: file must be non-empty');
        stored = state.registerFile(p.photo.bytes, { folder: 'photos' });
        photo = { bytes: p.photo.bytes, fileName: p.photo.fileName, fileId: stored.fileId };
      } else {
        const ref = strParam(p.photo);
        if (ref === undefined || ref === '') throw new ApiError(400, 'Bad Request: there is no photo in the request');
        if (/^https?:\/\//.test(ref)) photo = { url: ref };
        else if ((stored = state.files.get(ref))) photo = { fileId: ref, bytes: stored.bytes };
        else throw new ApiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
      }
      const sizes: FakePhotoSize[] = [{ file_id: photo.fileId ?? 'AgACAgUAAxkURL', file_unique_id: 'AQADurl', width: 800, height: 800, ...(photo.bytes ? { file_size: photo.bytes.length } : {}) }];
      const inline = inlineOnly(markup);
      const message: FakeMessage = { ...base(chatId), photo: sizes, ...(caption ? { caption } : {}), ...(inline ? { reply_markup: inline } : {}) };
      return record({
        chatId, messageId: message.message_id, method: 'sendPhoto', text: caption, raw, photo,
        ...(parseMode ? { parseMode } : {}), ...(markup ? { replyMarkup: markup } : {}),
        sentAt: Date.now(), edits: 0, message,
      });
    },

    editMessageReplyMarkup: (p) => {
      const chatId = chatIdParam(p);
      const msg = state.botMessage(chatId, numParam(p.message_id) ?? -1);
      if (!msg) throw new ApiError(400, 'Bad Request: message to edit not found');
      const markup = markupParam(p);
      if (markup && !('inline_keyboard' in markup)) throw new ApiError(400, 'Bad Request: inline keyboard expected');
      const current = msg.replyMarkup && 'inline_keyboard' in msg.replyMarkup ? msg.replyMarkup : undefined;
      if (sameMarkup(current, markup)) {
        throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      msg.replyMarkup = markup;
      const inline = inlineOnly(markup);
      msg.message = { ...msg.message, edit_date: now() };
      if (inline) msg.message.reply_markup = inline;
      else delete msg.message.reply_markup;
      msg.edits += 1;
      return msg.message;
    },

    editMessageText: (p) => {
      const chatId = chatIdParam(p);
      const msg = state.botMessage(chatId, numParam(p.message_id) ?? -1);
      if (!msg) throw new ApiError(400, 'Bad Request: message to edit not found');
      if (msg.method !== 'sendMessage') throw new ApiError(400, 'Bad Request: there is no text in the message to edit');
      const raw = strParam(p.text) ?? '';
      const parseMode = strParam(p.parse_mode);
      const text = visible(raw, parseMode);
      if (text.trim().length === 0) throw new ApiError(400, 'Bad Request: message text is empty');
      if (text.length > 4096) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
      const markup = markupParam(p);
      if (text === msg.text && sameMarkup(msg.replyMarkup, markup)) {
        throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
      }
      msg.text = text;
      msg.raw = raw;
      msg.replyMarkup = markup;
      const inline = inlineOnly(markup);
      msg.message = { ...msg.message, text, edit_date: now() };
      if (inline) msg.message.reply_markup = inline;
      else delete msg.message.reply_markup;
      msg.edits += 1;
      return msg.message;
    },

    deleteMessage: (p) => {
      const chatId = chatIdParam(p);
      const t = state.transcript(chatId);
      const i = t.findIndex((m) => m.messageId === numParam(p.message_id));
      if (i < 0) throw new ApiError(400, 'Bad Request: message to delete not found');
      t.splice(i, 1);
      return true;
    },

    answerCallbackQuery: (p) => {
      const id = strParam(p.callback_query_id) ?? '';
      const q = state.queries.get(id);
      if (!q || q.answer) throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
      const text = strParam(p.text);
      if (text !== undefined && text.length > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
      q.answer = { ...(text !== undefined ? { text } : {}), showAlert: boolParam(p.show_alert), at: Date.now() };
      return true;
    },

    sendChatAction: (p) => {
      const chatId = chatIdParam(p);
      const action = strParam(p.action) ?? '';
      if (!CHAT_ACTIONS.has(action)) throw new ApiError(400, 'Bad Request: wrong parameter action in request');
      state.chatActions.push({ chatId, action, at: Date.now() });
      return true;
    },

    getFile: (p) => {
      const f = state.files.get(strParam(p.file_id) ?? '');
      if (!f) throw new ApiError(400, 'Bad Request: invalid file_id');
      // The cloud Bot API refuses getFile above 20 MB; the declared size is what it knows.
      if ((f.declaredSize ?? f.bytes.length) > 20 * 1024 * 1024) throw new ApiError(400, 'Bad Request: file is too big');
      return { file_id: f.fileId, file_unique_id: f.uniqueId, file_path: f.path, ...(f.declaredSize !== null ? { file_size: f.declaredSize } : {}) };
    },

    setWebhook: (p) => {
      const url = strParam(p.url) ?? '';
      const secret = strParam(p.secret_token);
      if (secret !== undefined && !SECRET_TOKEN.test(secret)) throw new ApiError(400, 'Bad Request: secret token contains unallowed characters');
      if (url !== '' && !/^https?:\/\//.test(url)) throw new ApiError(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
      if (boolParam(p.drop_pending_updates)) hooks.dropPending();
      const allowed = jsonParam(p.allowed_updates);
      const maxConnections = numParam(p.max_connections);
      state.webhook = url === '' ? undefined : {
        url,
        ...(secret !== undefined ? { secretToken: secret } : {}),
        ...(Array.isArray(allowed) ? { allowedUpdates: allowed.filter((x): x is string => typeof x === 'string') } : {}),
        ...(maxConnections !== undefined ? { maxConnections } : {}),
      };
      return true;
    },

    deleteWebhook: (p) => {
      if (boolParam(p.drop_pending_updates)) hooks.dropPending();
      state.webhook = undefined;
      return true;
    },

    setMyCommands: (p) => {
      const commands = z.array(z.object({ command: z.string().regex(/^[a-z0-9_]{1,32}$/), description: z.string().min(1).max(256) })).safeParse(jsonParam(p.commands));
      if (!commands.success) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
      state.commands.set(strParam(p.language_code) ?? '', commands.data);
      return true;
    },

    getMyCommands: (p) => state.commands.get(strParam(p.language_code) ?? '') ?? [],
  };
}
