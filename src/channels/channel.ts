/**
 * @module The channel contract (design.md): what every chat platform adapter turns its
 * SDK's updates into, and what the engine hands back. Nothing here knows any SDK.
 */

export type ChannelName = 'telegram' | 'zalo' | 'web' | 'console';
export type Locale = 'vi' | 'en';

/** A photo or file the channel can fetch on demand; bytes are read only when a step needs them. */
export interface MediaRef {
  /** Channel's id for the file (Telegram file_id, Zalo URL hash, web upload id). Never logged with content. */
  id: string;
  mime?: string;
  /** Declared size in bytes when the platform tells it before download. */
  size?: number;
  fileName?: string;
  /** Downloads at most `maxBytes`; rejects with a MotcuaError(PHOTO_TOO_LARGE) beyond that. */
  fetch(maxBytes: number): Promise<Uint8Array>;
}

export type InboundEvent =
  | { kind: 'text'; text: string }
  | { kind: 'choice'; value: string }
  | { kind: 'photo'; media: MediaRef }
  | { kind: 'location'; lat: number; lng: number; label?: string }
  | { kind: 'contact'; phone: string }
  | { kind: 'start'; payload?: string }
  /** Something the platform delivered that we do not handle (sticker, voice, file...). */
  | { kind: 'unsupported'; what: 'sticker' | 'voice' | 'video' | 'file' | 'edited' | 'group' | 'other' };

export interface InboundMessage {
  channel: ChannelName;
  /** Where replies go. */
  chatId: string;
  /** Who wrote (same as chatId in 1:1 chats). */
  userId: string;
  /** The channel's id for this message: used to drop redeliveries. */
  messageId: string;
  at: Date;
  /** Hint from the platform (e.g. Telegram language_code). */
  locale?: Locale;
  event: InboundEvent;
}

export interface Choice {
  label: string;
  value: string;
}

export interface OutboundMessage {
  /** Plain text; channels escape or format it. */
  text: string;
  /** Rendered natively (buttons) or as a numbered list. */
  choices?: Choice[];
  image?: { url?: string; data?: Uint8Array; mime: string };
  /** Asks the platform for the user's phone number (Telegram "share contact" keyboard). */
  requestContact?: boolean;
  /** Asks the platform for a location (Telegram "share location" keyboard). */
  requestLocation?: boolean;
}

export interface ChannelCapabilities {
  /** Telegram, web: yes; Zalo 1:1: no → numbered list. */
  buttons: boolean;
  /** Longest text one message may carry (Telegram 4096, Zalo 2000). */
  maxText: number;
  images: boolean;
  /** 'window': the platform allows free messages only within a time window of the user's last message. */
  proactive: 'always' | 'window';
}

/** An HTTP endpoint a channel needs on the app's server (e.g. Telegram's webhook). */
export interface ChannelWebhook {
  readonly path: string;
  /** Returns the HTTP status to answer with. */
  handle(headers: Record<string, string | string[] | undefined>, body: unknown): Promise<number>;
}

/** What a caller of `send` may ask of it. */
export interface SendOptions {
  /**
   * Lets the outbox keep "at most once" without giving up messages that never left: the channel
   * calls it with `false` first (waiting for a turn is not sending), with `true` right before
   * each request that may deliver a message, and with `false` again after a request that went
   * through or was surely refused (a 429), with how many of the messages went out whole. If it
   * rejects, the channel sends nothing more and `send` rejects with that error. Channels that
   * do not call it are taken to be sending from the start.
   */
  onWire?(on: boolean, sent: number): Promise<void>;
}

export interface Channel {
  readonly name: ChannelName;
  readonly capabilities: ChannelCapabilities;
  /** Present when the channel receives updates over HTTP. */
  readonly webhook?: ChannelWebhook;
  /** Shows "typing…" while the engine works, where the platform has it. Never throws. */
  typing?(chatId: string): Promise<void>;
  start(onMessage: (m: InboundMessage) => Promise<void>): Promise<void>;
  send(chatId: string, messages: OutboundMessage[], opts?: SendOptions): Promise<void>;
  stop(): Promise<void>;
}
