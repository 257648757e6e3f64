/**
 * @module Takes raw updates from long polling or the webhook and hands InboundMessages to
 * the engine: drops redeliveries, keeps each chat's updates in update order (telegraf runs
 * a getUpdates batch concurrently), answers every button tap so the spinner stops, turns a
 * tap on a stale keyboard into a polite notice instead of a changed answer, and answers
 * groups, edge errors and unsupported content itself. One bad update is logged and skipped.
 */
import type { Telegram } from 'telegraf';
import type { InboundEvent, InboundMessage, Locale, MediaRef } from '../channel.ts';
import { cleanChoice } from '../inbound-limits.ts';
import type { Translate } from '../../i18n/locales.ts';
import { CHOSEN_DATA } from './chat-state.ts';
import { KeyQueue } from '../../concurrency/key-queue.ts';
import type { ChannelLogger, TelegramLimits } from './options.ts';
import type { OutboundWriter } from './outbound-writer.ts';
import { errName, type PacedSender } from './paced-sender.ts';
import { RecentIds } from './recent-ids.ts';
import { toInbound, type FileInfo, type InboundBase, type Mapped } from './to-inbound.ts';
import { chatIdOf, EnvelopeSchema, UpdateSchema } from './update-schema.ts';

export interface InboundDeps {
  telegram: Telegram;
  sender: PacedSender;
  writer: OutboundWriter;
  limits: TelegramLimits;
  logger: ChannelLogger;
  translate: Translate;
  forwardUnsupported: boolean;
  media(f: FileInfo): MediaRef;
  /** The bot's @username once known, for the "chat with me privately" link. */
  botUsername(): string | undefined;
}

type Handler = (m: InboundMessage) => Promise<void>;

export class InboundHandler {
  private readonly recent: RecentIds;
  private readonly sequencer = new KeyQueue();
  private onMessage: Handler | undefined;

  constructor(private readonly deps: InboundDeps) {
    this.recent = new RecentIds(deps.limits.dedupeWindow);
  }

  setTarget(onMessage: Handler): void {
    this.onMessage = onMessage;
  }

  /**
   * Handles one update; resolves when it was handled (so long polling confirms it only then).
   * Resolves false when `raw` is not an update at all; never rejects.
   */
  accept(raw: unknown): Promise<boolean> {
    const envelope = EnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      this.deps.logger.warn({}, 'telegram: request body is not an update');
      return Promise.resolve(false);
    }
    const updateId = envelope.data.update_id;
    if (!this.recent.add(updateId)) {
      this.deps.logger.debug({ updateId }, 'telegram: redelivered update dropped');
      return Promise.resolve(true);
    }
    const parsed = UpdateSchema.safeParse(raw);
    if (!parsed.success) {
      this.deps.logger.warn({ updateId, paths: parsed.error.issues.map((i) => i.path.join('.')) }, 'telegram: update not understood, skipped');
      return Promise.resolve(true);
    }
    const update = parsed.data;
    const chatId = chatIdOf(update);
    // Queued synchronously, in the order telegraf calls us, which is update order.
    return this.sequencer.run(String(chatId ?? 'none'), () => this.process(toInbound(update, (f) => this.deps.media(f)))).then(
      () => true,
      (err: unknown) => {
        this.deps.logger.error({ updateId, chatId, err: errName(err) }, 'telegram: update handling failed');
        return true;
      },
    );
  }

  /** Resolves when no update is being handled. */
  idle(): Promise<void> {
    return this.sequencer.idle();
  }

  private async process(m: Mapped): Promise<void> {
    switch (m.kind) {
      case 'ignore':
        if (m.queryId !== undefined) await this.answerQuery('-', m.queryId);
        return;
      case 'group':
        return this.answerGroup(m.chatId, m.locale);
      case 'callback':
        return this.tap(m.base, m.queryId, m.keyboardMessageId, m.data);
      case 'rejected':
        return this.replyLocal(m.base, this.edgeText(m.base.locale, m.code));
      case 'unsupported':
        if (this.deps.forwardUnsupported) return this.forward(m.base, { kind: 'unsupported', what: m.what });
        return this.replyLocal(m.base, this.t(m.base, `unsupported.${m.what}`));
      case 'inbound':
        return this.forward(m.base, m.event);
    }
  }

  private async forward(base: InboundBase, event: InboundEvent, chosenLabel?: string): Promise<void> {
    const state = this.deps.writer.state(base.chatId);
    if (base.locale) state.locale = base.locale;
    // Whatever the user sent answers the open question: its keyboard goes.
    this.deps.writer.retireLive(base.chatId, chosenLabel);
    if (!this.onMessage) throw new Error('TelegramChannel: update before start()');
    await this.onMessage({ ...base, event });
  }

  private async tap(base: InboundBase, queryId: string, keyboardMessageId: number | undefined, data: string | undefined): Promise<void> {
    const { writer, logger } = this.deps;
    const state = writer.state(base.chatId);
    if (base.locale) state.locale = base.locale;
    const answer = (text?: string): Promise<void> => this.answerQuery(base.chatId, queryId, text);

    if (data === undefined) return answer();
    const live = state.live;
    const stale =
      data === CHOSEN_DATA ||
      (keyboardMessageId !== undefined && (state.retired.has(keyboardMessageId) || (live !== undefined && keyboardMessageId < live.messageId)));
    if (stale) {
      // Never let an old button silently change a past answer.
      if (keyboardMessageId !== undefined && data !== CHOSEN_DATA) writer.retireMessage(base.chatId, keyboardMessageId);
      return answer(this.t(base, 'staleButton'));
    }
    const value = state.resolve(data);
    if (value === undefined) {
      if (keyboardMessageId !== undefined) writer.retireMessage(base.chatId, keyboardMessageId);
      return answer(this.t(base, 'expiredButton'));
    }
    const clean = cleanChoice(value);
    if (!clean.ok) {
      logger.warn({ chatId: base.chatId, updateId: base.messageId }, 'telegram: callback data refused');
      // Say so rather than stop the spinner in silence.
      return answer(this.t(base, 'expiredButton'));
    }
    // The spinner stops while the engine works.
    const answered = answer();
    const label = live && live.messageId === keyboardMessageId ? live.buttons.get(data) : undefined;
    try {
      await this.forward(base, { kind: 'choice', value: clean.value }, label);
    } finally {
      await answered;
    }
  }

  /** Stops the button's spinner (with a short notice when `text` is given); never throws. */
  private async answerQuery(chatId: string, queryId: string, text?: string): Promise<void> {
    const { sender, telegram, logger } = this.deps;
    try {
      await sender.call(chatId, 'answerCallbackQuery', 'free', () => telegram.answerCbQuery(queryId, text));
    } catch (err) {
      logger.debug({ chatId, err: errName(err) }, 'telegram: answerCallbackQuery failed');
    }
  }

  private async answerGroup(chatId: string, locale: Locale | undefined): Promise<void> {
    const state = this.deps.writer.state(chatId);
    const now = Date.now();
    // Telegram allows 20 messages a minute in a group, and members don't want a bot chattering.
    if (now - state.lastGroupReplyAt < this.deps.limits.groupReplyIntervalMs) return;
    state.lastGroupReplyAt = now;
    const lang = locale ?? 'vi';
    const username = this.deps.botUsername();
    const markup = username
      ? { inline_keyboard: [[{ text: this.deps.translate(lang, 'telegram.openPrivateChat'), url: `https://t.me/${username}` }]] }
      : undefined;
    await this.deps.writer.reply(chatId, this.deps.translate(lang, 'telegram.privateOnly'), markup);
  }

  private async replyLocal(base: InboundBase, text: string): Promise<void> {
    await this.deps.writer.reply(base.chatId, text);
  }

  private t(base: InboundBase, key: string): string {
    const state = this.deps.writer.state(base.chatId);
    return this.deps.translate(base.locale ?? state.locale ?? 'vi', `telegram.${key}`);
  }

  /** The engine's text for an edge error (`engine.edge.<CODE>`), else ours. */
  private edgeText(locale: Locale | undefined, code: string): string {
    const lang = locale ?? 'vi';
    const key = `engine.edge.${code}`;
    const text = this.deps.translate(lang, key);
    return text === key ? this.deps.translate(lang, 'telegram.inputRejected') : text;
  }
}
