/**
 * @module The Telegram channel on telegraf 4: long polling by default, webhook mode when a
 * webhook URL is configured (the app mounts `channel.webhook`). Inbound updates become
 * InboundMessages in per-chat update order; sends are paced and retried (see
 * paced-sender.ts). A bad token makes start() reject with CONFIG_INVALID so the app can
 * keep its other channels running.
 *
 * @example
 * const telegram = new TelegramChannel({ token: env.TELEGRAM_BOT_TOKEN, logger,
 *   onUnreachable: (chatId) => subscriptions.markUnreachable('telegram', chatId) });
 * await telegram.start(async (m) => { await telegram.typing(m.chatId); ... });
 */
import { Telegraf } from 'telegraf';
import type { Channel, ChannelCapabilities, InboundMessage, OutboundMessage, SendOptions } from '../channel.ts';
import { isMotcuaError, MotcuaError } from '../../errors.ts';
import { t as sharedTranslate, type Translate } from '../../i18n/locales.ts';
import { BoundedMap } from './bounded-map.ts';
import type { ChatState } from './chat-state.ts';
import { InboundHandler } from './inbound-handler.ts';
import { resolveOptions, type ChannelLogger, type ResolvedOptions, type TelegramChannelOptions } from './options.ts';
import { OutboundWriter, telegramChatId } from './outbound-writer.ts';
import { errName, PacedSender, TOKEN_REJECTED } from './paced-sender.ts';
import { PollingLoop } from './polling-loop.ts';
import { sleep } from './sleep.ts';
import { telegramMedia } from './telegram-media.ts';
import { ALLOWED_UPDATES } from './update-schema.ts';
import { createWebhook, type TelegramWebhook } from './webhook-handler.ts';

const COMMANDS = ['start', 'help', 'cancel', 'lang'] as const;
/** Distinct images whose Telegram file_id is remembered (a broadcast has one). */
const UPLOADED_IMAGES = 256;

export class TelegramChannel implements Channel {
  readonly name = 'telegram' as const;
  readonly capabilities: ChannelCapabilities = { buttons: true, maxText: 4096, images: true, proactive: 'always' };
  /** Set in webhook mode: mount `webhook.path` (POST) on the app's HTTP server. */
  readonly webhook: TelegramWebhook | undefined;

  private readonly opts: ResolvedOptions;
  private readonly logger: ChannelLogger;
  private readonly translate: Translate;
  private readonly bot: Telegraf;
  private readonly sender: PacedSender;
  private readonly writer: OutboundWriter;
  private readonly inbound: InboundHandler;
  private polling: PollingLoop | undefined;
  private username: string | undefined;
  private state: 'new' | 'starting' | 'running' | 'stopped' = 'new';

  /** Throws MotcuaError(CONFIG_INVALID) when an option is malformed. */
  constructor(options: TelegramChannelOptions) {
    this.opts = resolveOptions(options);
    this.logger = options.logger;
    this.translate = options.translate ?? sharedTranslate;
    const { limits } = this.opts;
    this.bot = new Telegraf(this.opts.token, { telegram: { apiRoot: this.opts.apiRoot }, handlerTimeout: limits.handlerTimeoutMs });
    this.sender = new PacedSender({ limits, logger: this.logger, onUnreachable: options.onUnreachable });
    const chats = new BoundedMap<string, ChatState>(limits.maxChats);
    this.writer = new OutboundWriter({ telegram: this.bot.telegram, sender: this.sender, chats, translate: this.translate, logger: this.logger, uploaded: new BoundedMap(UPLOADED_IMAGES) });
    this.inbound = new InboundHandler({
      telegram: this.bot.telegram,
      sender: this.sender,
      writer: this.writer,
      limits,
      logger: this.logger,
      translate: this.translate,
      forwardUnsupported: this.opts.forwardUnsupported,
      botUsername: () => this.username,
      media: (f) =>
        telegramMedia(f, {
          telegram: this.bot.telegram,
          downloadTimeoutMs: limits.downloadTimeoutMs,
          retry: (method, fn) => this.sender.call('-', method, 'free', fn),
        }),
    });
    // One middleware, returning the handling promise: telegraf confirms a batch only after
    // it settled, and with a single middleware it is called synchronously in update order.
    this.bot.use((ctx) => this.inbound.accept(ctx.update).then(() => undefined));
    this.bot.catch((err, ctx) => {
      this.logger.error({ updateId: ctx.update.update_id, err: errName(err) }, 'telegram: update handling timed out or failed');
    });
    const hook = this.opts.webhook;
    this.webhook = hook
      ? createWebhook({ path: hook.path, secretToken: hook.secretToken, isReady: () => this.state === 'running', accept: (u) => this.inbound.accept(u) })
      : undefined;
    if (hook?.generatedSecret) {
      this.logger.warn({}, 'telegram: TELEGRAM_WEBHOOK_SECRET is not set; using a random one for this process (set it when several instances share the webhook)');
    }
  }

  /**
   * Checks the token (getMe), registers the command menu, then starts long polling or sets
   * the webhook. Rejects with CONFIG_INVALID for a rejected token or webhook URL, and with
   * DELIVERY_FAILED when the Bot API cannot be reached.
   */
  async start(onMessage: (m: InboundMessage) => Promise<void>): Promise<void> {
    if (this.state !== 'new') throw new MotcuaError('INTERNAL', 'TelegramChannel.start() may be called once');
    this.state = 'starting';
    try {
      this.inbound.setTarget(onMessage);
      const me = await this.getMe();
      this.bot.botInfo = me;
      this.username = me.username;
      await this.registerCommands();
      const hook = this.opts.webhook;
      if (hook) {
        await this.sender
          .call('-', 'setWebhook', 'free', () =>
            this.bot.telegram.setWebhook(hook.url, { secret_token: hook.secretToken, allowed_updates: [...ALLOWED_UPDATES] }),
          )
          .catch((err: unknown) => {
            if (isMotcuaError(err, 'BAD_REQUEST')) {
              throw new MotcuaError('CONFIG_INVALID', `Telegram refused TELEGRAM_WEBHOOK_URL (${hook.url}): ${String(err.details?.description ?? err.message)}`, undefined, { cause: err });
            }
            throw err;
          });
      } else {
        this.polling = new PollingLoop(this.bot, { restartMs: this.opts.limits.pollingRestartMs, logger: this.logger });
        this.polling.start();
      }
      this.state = 'running';
      this.logger.info({ bot: me.username, mode: hook ? 'webhook' : 'polling' }, 'telegram: channel started');
    } catch (err) {
      this.state = 'stopped';
      this.sender.close();
      throw err;
    }
  }

  send(chatId: string, messages: OutboundMessage[], opts?: SendOptions): Promise<void> {
    return this.writer.send(chatId, messages, opts);
  }

  /**
   * Shows "typing…" in the chat while the engine works (Telegram shows it ~5 s or until our
   * next message). Resolves at once — the request goes in the background, without retries,
   * at most every few seconds per chat — and never throws.
   */
  typing(chatId: string): Promise<void> {
    const state = this.writer.state(chatId);
    const now = Date.now();
    if (this.state === 'stopped' || now - state.lastTypingAt < this.opts.limits.typingIntervalMs) return Promise.resolve();
    state.lastTypingAt = now;
    try {
      const id = telegramChatId(chatId);
      this.bot.telegram.sendChatAction(id, 'typing').catch((err: unknown) => {
        this.logger.debug({ chatId, err: errName(err) }, 'telegram: typing indicator failed');
      });
    } catch (err) {
      this.logger.debug({ chatId, err: errName(err) }, 'telegram: typing indicator failed');
    }
    return Promise.resolve();
  }

  /**
   * Stops polling (the webhook stays registered with Telegram, which queues updates until
   * the next start), gives updates and sends in hand up to stopTimeoutMs to finish, then
   * cancels what still waits (those sends reject with DELIVERY_FAILED).
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    const { stopTimeoutMs } = this.opts.limits;
    const deadline = new AbortController();
    const drained = (async (): Promise<void> => {
      await this.polling?.stop(stopTimeoutMs);
      await this.inbound.idle();
      await this.sender.idle();
    })();
    await Promise.race([drained, sleep(stopTimeoutMs, deadline.signal).catch(() => undefined)]);
    // No timer left behind: the process can exit as soon as the app is done.
    deadline.abort();
    this.sender.close();
  }

  private async getMe(): Promise<Awaited<ReturnType<Telegraf['telegram']['getMe']>>> {
    try {
      return await this.sender.call('-', 'getMe', 'free', () => this.bot.telegram.getMe());
    } catch (err) {
      if (isMotcuaError(err, 'CONFIG_INVALID')) throw new MotcuaError('CONFIG_INVALID', TOKEN_REJECTED, undefined, { cause: err });
      if (isMotcuaError(err, 'BAD_REQUEST')) {
        throw new MotcuaError('CONFIG_INVALID', `TELEGRAM_BOT_TOKEN was rejected by Telegram (${String(err.details?.description ?? 'refused')}) — check it with BotFather, and TELEGRAM_API_ROOT if set`, undefined, { cause: err });
      }
      throw new MotcuaError('DELIVERY_FAILED', `Could not reach the Telegram Bot API at ${this.opts.apiRoot} — check the network or TELEGRAM_API_ROOT`, undefined, { cause: err });
    }
  }

  /** The "/" menu in both languages; a failure only costs the menu. */
  private async registerCommands(): Promise<void> {
    for (const lang of ['vi', 'en'] as const) {
      const commands = COMMANDS.map((command) => ({ command, description: this.translate(lang, `telegram.commands.${command}`) }));
      try {
        await this.sender.call('-', 'setMyCommands', 'free', () =>
          this.bot.telegram.setMyCommands(commands, lang === 'vi' ? {} : { language_code: lang }),
        );
      } catch (err) {
        this.logger.warn({ err: errName(err) }, 'telegram: setMyCommands failed');
      }
    }
  }
}
