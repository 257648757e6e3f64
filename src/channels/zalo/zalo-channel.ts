/**
 * @module The Zalo channel (personal account via zca-js) behind the channel contract.
 * Inbound: 1:1 messages only, mapped to engine events, redeliveries dropped, each chat's
 * messages handed over in order; a group gets one "private chat only" note. Outbound: rendered
 * for a chat without buttons, paced by the send queue, held while the supervisor reconnects.
 *
 * Locale of the channel's own lines ("Trả lời 1, 2 hoặc 3"): the contract's OutboundMessage
 * carries no locale, so it is detected from the message text (Vietnamese letters → vi) with the
 * chat's previous locale as the fallback; a `locale` field on the message, if the engine ever
 * adds one, wins. Detection needs no engine change and cannot disagree with the text it sits under.
 */
import type { Channel, ChannelCapabilities, InboundMessage, Locale, OutboundMessage, SendOptions } from '../channel.ts';
import { translator, type Translate } from '../../i18n/locales.ts';
import { isMotcuaError, MotcuaError } from '../../errors.ts';
import { detectLocale } from './detect-locale.ts';
import { mapZaloMessage } from './map-zalo-message.ts';
import { photoMediaRef, type PhotoFetchDeps } from './photo-media-ref.ts';
import { prepareImage as defaultPrepareImage } from './prepare-image.ts';
import { RecentIds } from './recent-ids.ts';
import { renderOutbound, type ZaloPart } from './render-outbound.ts';
import { SendQueue, surelyNotSent, type SendQueueOptions } from './send-queue.ts';
import { ZaloSupervisor, type SupervisorOptions, type SupervisorStatus } from './supervisor.ts';
import type { ZaloIncoming } from './zalo-incoming.ts';
import { silentLog, type ZaloLog } from './zalo-log.ts';
import type { ZaloImage, ZaloPort } from './zalo-port.ts';

export const ZALO_CAPABILITIES: ChannelCapabilities = {
  buttons: false,
  maxText: 2000,
  images: true,
  // A personal account may write to its chats at any time (unlike an Official Account's 48 h window).
  proactive: 'always',
};

export interface ZaloChannelOptions {
  port: ZaloPort;
  supervisor: SupervisorOptions;
  queue: SendQueueOptions;
  /** Retry and sleep for photo downloads. */
  photo?: Omit<PhotoFetchDeps, 'fetchMedia'>;
  t?: Translate;
  defaultLocale?: Locale;
  log?: ZaloLog;
  /** Loads an outgoing image given by URL (default: refuse — the engine sends bytes). */
  loadImageUrl?: (url: string) => Promise<Uint8Array>;
  prepareImage?: (data: Uint8Array) => Promise<ZaloImage>;
}

type Prepared = { kind: 'text'; text: string; bold: { start: number; len: number }[] } | { kind: 'image'; image: ZaloImage; caption?: string };

export class ZaloChannel implements Channel {
  readonly name = 'zalo' as const;
  readonly capabilities: ChannelCapabilities = ZALO_CAPABILITIES;

  private readonly port: ZaloPort;
  private readonly supervisor: ZaloSupervisor;
  private readonly queue: SendQueue;
  private readonly log: ZaloLog;
  private readonly t: Translate;
  private readonly defaultLocale: Locale;
  private readonly photo: Omit<PhotoFetchDeps, 'fetchMedia'>;
  private readonly loadImageUrl: (url: string) => Promise<Uint8Array>;
  private readonly prepareImage: (data: Uint8Array) => Promise<ZaloImage>;
  private readonly seen = new RecentIds(5000);
  private readonly groupsNoticed = new RecentIds(1000);
  /** Last locale per chat (bounded; Map order = recency). */
  private readonly chatLocale = new Map<string, Locale>();
  /** Per-chat chain so one chat's messages reach the engine in the order Zalo delivered them. */
  private readonly chains = new Map<string, Promise<void>>();
  private unsubscribe: (() => void)[] = [];
  private onMessage: ((m: InboundMessage) => Promise<void>) | undefined;

  constructor(opts: ZaloChannelOptions) {
    this.port = opts.port;
    this.log = opts.log ?? silentLog;
    this.t = opts.t ?? translator();
    this.defaultLocale = opts.defaultLocale ?? 'vi';
    this.photo = opts.photo ?? {};
    this.loadImageUrl = opts.loadImageUrl ?? refuseImageUrl;
    this.prepareImage = opts.prepareImage ?? defaultPrepareImage;
    this.supervisor = new ZaloSupervisor(this.port, { log: this.log, ...opts.supervisor });
    this.queue = new SendQueue({ log: this.log, ...opts.queue });
    this.queue.pause(); // nothing goes out before the first connection
  }

  /** Connection state for logs and the console (needs_login → show the QR instructions). */
  status(): SupervisorStatus {
    return this.supervisor.status();
  }

  /** An operator asked to retry: reconnect now instead of at the next scheduled attempt. */
  retryNow(): void {
    this.supervisor.retryNow();
  }

  /** An operator saved a new session (the console's QR login): log in with it now. */
  reloginNow(): Promise<void> {
    return this.supervisor.reloginNow();
  }

  async start(onMessage: (m: InboundMessage) => Promise<void>): Promise<void> {
    this.onMessage = onMessage;
    this.unsubscribe.push(
      this.port.subscribe({ message: (m) => this.receive(m) }),
      this.supervisor.onStatus((s) => (s.state === 'connected' ? this.queue.resume() : this.queue.pause())),
    );
    // Returns at once: Zalo connects in the background, and a missing login must not hold up
    // the other channels (the supervisor logs what the operator has to do).
    this.supervisor.start();
  }

  /**
   * Resolves once every message went out. A failure says how many messages went out whole
   * (`details.sent`, as the Telegram channel does): the outbox retries after them, so a message
   * cut short is sent again whole, and the parts after a failed one are not sent at all.
   * `opts.onWire` hears when a call may be in flight — never while a part waits in the queue
   * (1.5 s per chat, 20 a minute, a 221 pause): see SendOptions.
   */
  async send(chatId: string, messages: OutboundMessage[], opts: SendOptions = {}): Promise<void> {
    const { onWire } = opts;
    // Preparing images and waiting in the queue are not sending.
    if (onWire) await onWire(false, 0);
    const parts: { part: ZaloPart; message: number }[] = [];
    for (const [i, m] of messages.entries()) {
      for (const part of renderOutbound(m, { locale: this.localeFor(chatId, m), t: this.t, maxText: this.capabilities.maxText })) parts.push({ part, message: i });
    }
    // Images are loaded and measured before anything is queued: a bad image fails the call
    // early instead of holding a send slot, and the parts still go out in order.
    const prepared = await Promise.all(parts.map((p) => this.prepare(p.part)));
    let sent = 0;
    // Part of the message being sent went out: until it is whole, the item stays on the wire
    // (a take-over would send that part again).
    let partial = false;
    // A try of this part failed in a way that may have delivered it (a timeout, a reset): it
    // stays on the wire through its later tries.
    let ambiguous = -1;
    const run = async (k: number): Promise<void> => {
      await onWire?.(true, sent);
      try {
        await this.deliver(chatId, prepared[k]!);
      } catch (e) {
        if (!surelyNotSent(e)) ambiguous = k;
        // The part waits in the queue again, maybe for minutes: if no try of it (nor an earlier
        // part of its message) may have gone out, it is not on the wire meanwhile. Failing to
        // record that only keeps it on the wire; the queue must still see Zalo's error.
        else if (onWire && !partial && ambiguous !== k) await onWire(false, sent).catch(() => {});
        throw e;
      }
      partial = parts[k + 1]?.message === parts[k]!.message;
      if (!partial) sent = parts[k]!.message + 1;
      if (onWire && !partial && k < parts.length - 1) await onWire(false, sent);
    };
    const group = {};
    const outcomes = await Promise.allSettled(prepared.map((_, k) => this.queue.enqueue(chatId, () => run(k), group)));
    const failed = outcomes.find((o) => o.status === 'rejected');
    if (!failed) return;
    const err = failed.reason;
    // Parts go out in order and the rest of the group was dropped: `sent` messages went out whole.
    if (isMotcuaError(err)) throw new MotcuaError(err.code, err.message, { ...err.details, sent, total: messages.length }, { cause: err.cause });
    throw err;
  }

  async stop(): Promise<void> {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    this.queue.stop();
    await this.supervisor.stop();
  }

  private receive(m: ZaloIncoming): void {
    const mapped = mapZaloMessage(m, (sources, info) => photoMediaRef(sources, { ...this.photo, fetchMedia: (url, max) => this.port.fetchMedia(url, max) }, info));
    switch (mapped.kind) {
      case 'ignore':
        return;
      case 'group':
        if (!this.groupsNoticed.seen(mapped.threadId)) {
          this.queue
            .enqueue(mapped.threadId, () => this.port.sendText(mapped.threadId, this.t(this.defaultLocale, 'zalo.group_private_only'), { group: true }))
            .catch((e: unknown) => this.log.warn({ err: errCode(e) }, 'zalo: could not post the private-chat note in a group'));
        }
        return;
      case 'edge':
        if (this.seen.seen(mapped.messageId)) return;
        this.queue
          .enqueue(mapped.chatId, () => this.port.sendText(mapped.chatId, this.t(this.localeOf(mapped.chatId), `engine.edge.${mapped.code}`)))
          .catch((e: unknown) => this.log.warn({ err: errCode(e), code: mapped.code }, 'zalo: could not answer a refused message'));
        return;
      case 'inbound': {
        const msg = mapped.message;
        if (this.seen.seen(msg.messageId)) return;
        this.log.debug({ kind: msg.event.kind }, 'zalo: message received');
        this.dispatch(msg);
        return;
      }
    }
  }

  private dispatch(msg: InboundMessage): void {
    const handler = this.onMessage;
    if (!handler) return;
    const prev = this.chains.get(msg.chatId) ?? Promise.resolve();
    const next = prev
      .then(() => handler(msg))
      .catch((e: unknown) => this.log.error({ err: errCode(e), kind: msg.event.kind }, 'zalo: handling an inbound message failed'));
    this.chains.set(msg.chatId, next);
    void next.then(() => {
      if (this.chains.get(msg.chatId) === next) this.chains.delete(msg.chatId);
    });
  }

  private async prepare(p: ZaloPart): Promise<Prepared> {
    if (p.kind === 'text') return p;
    const bytes = p.image.data ?? (p.image.url ? await this.loadImageUrl(p.image.url) : undefined);
    if (!bytes) throw new Error('outbound image has neither data nor url');
    const image = await this.prepareImage(bytes);
    return p.caption === undefined ? { kind: 'image', image } : { kind: 'image', image, caption: p.caption };
  }

  private deliver(chatId: string, p: Prepared): Promise<void> {
    if (p.kind === 'image') return this.port.sendImage(chatId, p.image, p.caption);
    return this.port.sendText(chatId, p.text, p.bold.length > 0 ? { bold: p.bold } : {});
  }

  private localeFor(chatId: string, m: OutboundMessage): Locale {
    const hinted = 'locale' in m ? m.locale : undefined;
    const locale =
      hinted === 'vi' || hinted === 'en'
        ? hinted
        : detectLocale([m.text, ...(m.choices ?? []).map((c) => c.label)].join('\n'), this.localeOf(chatId));
    this.chatLocale.delete(chatId);
    this.chatLocale.set(chatId, locale);
    if (this.chatLocale.size > 10_000) {
      const oldest = this.chatLocale.keys().next();
      if (!oldest.done) this.chatLocale.delete(oldest.value);
    }
    return locale;
  }

  private localeOf(chatId: string): Locale {
    return this.chatLocale.get(chatId) ?? this.defaultLocale;
  }
}

function refuseImageUrl(): Promise<Uint8Array> {
  return Promise.reject(new Error('the Zalo channel sends image bytes; no URL loader configured'));
}

function errCode(e: unknown): string {
  return isMotcuaError(e) ? e.code : e instanceof Error ? e.name : typeof e;
}
