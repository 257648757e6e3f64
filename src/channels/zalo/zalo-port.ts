/**
 * @module The narrow seam between the Zalo channel and zca-js: events in, sends out.
 * Everything except `zca-port.ts` talks to this interface, so the channel, the supervisor
 * and the send queue are tested with a fake port and never touch the network.
 */
import type { ZaloIncoming } from './zalo-incoming.ts';

/** A run of text to render bold (UTF-16 offsets, as zca-js `styles` expects). */
export interface BoldRange {
  start: number;
  len: number;
}

export interface SendTextOptions {
  /** The thread is a group (ThreadType.Group); default is a 1:1 user thread. */
  group?: boolean;
  /** Ranges rendered bold where the platform supports text styles. */
  bold?: BoldRange[];
}

/** Image bytes with the metadata zca-js needs to upload them without an image-metadata getter. */
export interface ZaloImage {
  data: Uint8Array;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
}

/**
 * Why the listener went away. `code` is the WebSocket close code:
 * 1000 we closed it, 1006 abnormal (Zalo drops the socket about every minute),
 * 3000 DuplicateConnection (Zalo Web opened with the same account), 3003 KickConnection.
 */
export interface ZaloPortEvents {
  message: (m: ZaloIncoming) => void;
  connected: () => void;
  closed: (code: number, reason: string) => void;
  /** `fatal`: the socket itself failed (a close follows); otherwise one frame could not be decoded. */
  error: (error: Error, fatal: boolean) => void;
  /** Any sign of life on the socket (a frame, a pong): feeds the supervisor's watchdog. */
  activity: () => void;
}


export interface StartOptions {
  /**
   * Log in again from the saved credentials before starting the listener. Without it the
   * port reuses its current session when it has one (cheap: a 1006 needs only a new socket).
   */
  relogin?: boolean;
}

export interface ZaloPort {
  /** Registers handlers for any of the events; returns the function that removes them. */
  subscribe(handlers: Partial<ZaloPortEvents>): () => void;
  /**
   * Logs in (when needed) and starts the listener. Resolves once the socket is being opened;
   * `connected` follows. Rejects with MotcuaError CONFIG_INVALID when the credentials are
   * missing or rejected (an operator must scan the QR again), DELIVERY_FAILED when transient.
   */
  start(opts?: StartOptions): Promise<void>;
  /** Closes the listener (a `closed` 1000 may follow). Idempotent. */
  stop(): Promise<void>;
  /** Rejects with MotcuaError RATE_LIMITED (Zalo code 221), DELIVERY_FAILED or CHANNEL_UNREACHABLE. */
  sendText(threadId: string, text: string, opts?: SendTextOptions): Promise<void>;
  sendImage(threadId: string, image: ZaloImage, caption?: string, opts?: { group?: boolean }): Promise<void>;
  /** Downloads Zalo media; rejects with PHOTO_TOO_LARGE beyond `maxBytes` (checked before decoding). */
  fetchMedia(url: string, maxBytes: number): Promise<Uint8Array>;
}
