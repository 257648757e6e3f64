/**
 * @module Performs sends for one chat in order: renders the engine's messages, removes a
 * keyboard the new one supersedes, sends through the paced sender, falls back to plain text
 * if Telegram ever rejects our HTML, uploads an image once and reuses its file_id, and
 * remembers the live keyboard. Also removes or marks
 * keyboards once a question is answered, and sends the channel's own short replies.
 */
import { createHash } from 'node:crypto';
import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import type { Locale, OutboundMessage, SendOptions } from '../channel.ts';
import { isMotcuaError, MotcuaError } from '../../errors.ts';
import type { Translate } from '../../i18n/locales.ts';
import type { BoundedMap } from './bounded-map.ts';
import { CHOSEN_DATA, ChatState } from './chat-state.ts';
import { escapeHtml } from './html.ts';
import type { ChannelLogger } from './options.ts';
import { errName, type PacedSender } from './paced-sender.ts';
import { renderOutbound, type PlannedSend } from './render-outbound.ts';

export interface WriterDeps {
  telegram: Telegram;
  sender: PacedSender;
  chats: BoundedMap<string, ChatState>;
  translate: Translate;
  logger: ChannelLogger;
  /**
   * Telegram's file_id of each image already uploaded, by the SHA-256 of its bytes: a broadcast
   * image goes to thousands of chats and is uploaded once, then sent by reference.
   */
  uploaded: BoundedMap<string, string>;
}

/** Told whether a request that may deliver is in flight (SendOptions.onWire, with the count bound in). */
type Wire = (on: boolean) => Promise<void>;

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

/** Telegram chat ids are integers (negative for groups); anything else is a caller bug. */
export function telegramChatId(chatId: string): number {
  const id = Number(chatId);
  if (!/^-?\d{1,20}$/.test(chatId) || !Number.isSafeInteger(id)) {
    throw new MotcuaError('BAD_REQUEST', `Not a Telegram chat id: "${chatId}"`);
  }
  return id;
}

export class OutboundWriter {
  constructor(private readonly deps: WriterDeps) {}

  state(chatId: string): ChatState {
    return this.deps.chats.upsert(chatId, () => new ChatState());
  }

  /**
   * Channel.send: resolves once every message went out; a failure says how many did, whole
   * (details.sent). `opts.onWire` hears when a request may be in flight (SendOptions).
   */
  send(chatId: string, messages: readonly OutboundMessage[], opts: SendOptions = {}): Promise<void> {
    const id = telegramChatId(chatId);
    const { onWire } = opts;
    // Without a listener the send takes its place in the chat's order at once; with one, waiting
    // behind this chat's earlier sends and for the pacing is first reported as not sending.
    if (!onWire) return this.deps.sender.inOrder(chatId, () => this.write(chatId, id, messages, undefined));
    return onWire(false, 0).then(() => this.deps.sender.inOrder(chatId, () => this.write(chatId, id, messages, onWire)));
  }

  /** The sends of one `send`, in the chat's turn. */
  private async write(chatId: string, id: number, messages: readonly OutboundMessage[], onWire: SendOptions['onWire']): Promise<void> {
    const state = this.state(chatId);
    const locale: Locale = state.locale ?? 'vi';
    const t = (key: string): string => this.deps.translate(locale, `telegram.${key}`);
    const plan = renderOutbound(messages, {
      replyKeyboardShown: state.replyKeyboard,
      labels: { shareContact: t('shareContact'), shareLocation: t('shareLocation'), chooseBelow: t('chooseBelow') },
      callbackData: (value) => state.callbackData(value),
    });
    // A new keyboard supersedes the old one: only the latest question can be answered by tapping.
    if (state.live && plan.some((p) => p.buttons)) await this.removeKeyboard(chatId, id, state);
    // Messages whose every part went out. The outbox resumes a retry after them (its `parts`),
    // so a message cut short (a long text split in two, a photo and its text) is sent again
    // whole rather than have its rest, or the messages after it, skipped.
    let sent = 0;
    // Part of the message being sent went out: until it is whole, the item stays on the wire
    // (a take-over would send that part again), even while a 429 holds its next part.
    let partial = false;
    const wire = onWire && ((on: boolean): Promise<void> => (on || !partial ? onWire(on, sent) : Promise.resolve()));
    const withSent = (err: unknown): unknown => (isMotcuaError(err) ? new MotcuaError(err.code, err.message, { ...err.details, sent, total: messages.length }, { cause: err.cause }) : err);
    for (const [k, p] of plan.entries()) {
      let messageId: number;
      try {
        messageId = await this.deliver(chatId, id, p, wire);
      } catch (err) {
        throw withSent(err);
      }
      partial = plan[k + 1]?.message === p.message;
      if (!partial) sent = p.message + 1;
      if (p.buttons) state.live = { messageId, buttons: p.buttons };
      if (p.replyKeyboard !== undefined) state.replyKeyboard = p.replyKeyboard;
      // Between messages nothing is in flight (the last one is settled by the caller anyway).
      if (k < plan.length - 1) {
        try {
          await wire?.(false);
        } catch (err) {
          throw withSent(err);
        }
      }
    }
  }

  /**
   * The user answered (tapped, typed, sent a photo...): the live keyboard goes, or — for a
   * tap — becomes a single "✓ label" so the chat history shows what was chosen.
   * Queued behind the chat's sends; never throws.
   */
  retireLive(chatId: string, chosenLabel?: string): void {
    const state = this.state(chatId);
    const live = state.live;
    if (!live) return;
    state.live = undefined;
    state.retire(live.messageId);
    this.background(chatId, (id) => this.editKeyboard(chatId, id, live.messageId, chosenLabel));
  }

  /** Removes the keyboard of an older message a user tapped (stale or expired button). */
  retireMessage(chatId: string, messageId: number): void {
    const state = this.state(chatId);
    if (state.retired.has(messageId)) return;
    state.retire(messageId);
    this.background(chatId, (id) => this.editKeyboard(chatId, id, messageId, undefined));
  }

  /** The channel's own reply (group notice, edge error, unsupported content); logged, never thrown. */
  async reply(chatId: string, text: string, markup?: InlineKeyboardMarkup): Promise<void> {
    try {
      const id = telegramChatId(chatId);
      await this.deps.sender.inOrder(chatId, () => this.deliver(chatId, id, { html: escapeHtml(text), plain: text, ...(markup ? { markup } : {}) }));
    } catch (err) {
      this.deps.logger.warn({ chatId, err: errName(err) }, 'telegram: channel reply failed');
    }
  }

  private background(chatId: string, task: (id: number) => Promise<void>): void {
    let id: number;
    try {
      id = telegramChatId(chatId);
    } catch {
      return;
    }
    this.deps.sender.inOrder(chatId, () => task(id)).catch((err: unknown) => {
      this.deps.logger.debug({ chatId, err: errName(err) }, 'telegram: keyboard update failed');
    });
  }

  private async removeKeyboard(chatId: string, id: number, state: ChatState): Promise<void> {
    const live = state.live;
    if (!live) return;
    state.live = undefined;
    state.retire(live.messageId);
    await this.editKeyboard(chatId, id, live.messageId, undefined).catch((err: unknown) => {
      this.deps.logger.debug({ chatId, err: errName(err) }, 'telegram: keyboard removal failed');
    });
  }

  private async editKeyboard(chatId: string, id: number, messageId: number, chosenLabel: string | undefined): Promise<void> {
    const markup: InlineKeyboardMarkup | undefined = chosenLabel === undefined ? undefined : { inline_keyboard: [[{ text: `✓ ${chosenLabel}`, callback_data: CHOSEN_DATA }]] };
    try {
      await this.deps.sender.call(chatId, 'editMessageReplyMarkup', 'edit', () => this.deps.telegram.editMessageReplyMarkup(id, messageId, undefined, markup));
    } catch (err) {
      // Already removed, too old to edit (48 h), or deleted: the keyboard is gone either way.
      if (isMotcuaError(err, 'BAD_REQUEST') && err.details?.failure === 'edit-moot') return;
      throw err;
    }
  }

  private async deliver(chatId: string, id: number, p: PlannedSend, wire?: Wire): Promise<number> {
    try {
      return await this.sendOnce(chatId, id, p, true, wire);
    } catch (err) {
      if (isMotcuaError(err, 'BAD_REQUEST') && err.details?.failure === 'bad-html') {
        // Our escaping should make this impossible; if Telegram disagrees, the citizen still gets the text.
        this.deps.logger.error({ chatId }, 'telegram: HTML rejected, resending as plain text');
        return this.sendOnce(chatId, id, p, false, wire);
      }
      throw err;
    }
  }

  private async sendOnce(chatId: string, id: number, p: PlannedSend, html: boolean, wire: Wire | undefined): Promise<number> {
    const { telegram, sender } = this.deps;
    const text = html ? p.html : p.plain;
    const format = html ? { parse_mode: 'HTML' as const } : {};
    const markup = p.markup ? { reply_markup: p.markup } : {};
    if (p.photo) {
      const extra = { ...(text ? { caption: text, ...format } : {}), ...markup };
      if ('url' in p.photo) {
        const { url } = p.photo;
        return (await sender.call(chatId, 'sendPhoto', 'message', () => telegram.sendPhoto(id, url, extra), wire)).message_id;
      }
      const { data, mime } = p.photo;
      const key = createHash('sha256').update(data).digest('base64url');
      const fileId = this.deps.uploaded.get(key);
      if (fileId) {
        try {
          return (await sender.call(chatId, 'sendPhoto', 'message', () => telegram.sendPhoto(id, fileId, extra), wire)).message_id;
        } catch (err) {
          // A file_id Telegram no longer knows: upload again (below) and remember the new one.
          if (!isMotcuaError(err, 'BAD_REQUEST')) throw err;
          this.deps.uploaded.delete(key);
        }
      }
      const m = await sender.call(chatId, 'sendPhoto', 'message', () => telegram.sendPhoto(id, { source: Buffer.from(data), filename: `image.${EXT[mime] ?? 'jpg'}` }, extra), wire);
      // The largest size is the one Telegram keeps as the image itself.
      const sent = m.photo?.at(-1)?.file_id;
      if (sent) this.deps.uploaded.set(key, sent);
      return m.message_id;
    }
    const m = await sender.call(
      chatId,
      'sendMessage',
      'message',
      () => telegram.sendMessage(id, text, { ...format, ...markup, link_preview_options: { is_disabled: true } }),
      wire,
    );
    return m.message_id;
  }
}
