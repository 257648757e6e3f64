/**
 * @module The ZaloPort over zca-js — the only file that drives the SDK at run time.
 * Logs in from the saved credentials with zca-js's update check and console logging off,
 * starts the listener *without* its own retry (the supervisor decides), keeps the session
 * alive and writes refreshed cookies back, and probes the socket with WebSocket pings so the
 * watchdog can tell a quiet chat from a dead socket.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { MotcuaError } from '../../errors.ts';
import { credentialsError, type CredentialsStore, type ZaloCredentials } from './credentials-store.ts';
import { downloadCapped } from './download-capped.ts';
import { PortHub } from './port-hub.ts';
import { SocketProbe } from './socket-probe.ts';
import { toStoredCookies } from './stored-cookies.ts';
import { isZaloCdnHost } from './zalo-cdn-hosts.ts';
import type { ZaloIncoming } from './zalo-incoming.ts';
import { silentLog, type ZaloLog } from './zalo-log.ts';
import type { SendTextOptions, StartOptions, ZaloImage, ZaloPort, ZaloPortEvents } from './zalo-port.ts';
import { describeError, isSessionRejected, toSendError } from './zca-errors.ts';
import { zca, type API, type ImageMetadataGetterResponse, type Message, type MessageContent, type Style } from './zca.ts';

type Listener = API['listener'];

export interface ZcaPortOptions {
  store: CredentialsStore;
  log?: ZaloLog;
  /** How often to call zca-js keepAlive and save refreshed cookies. */
  keepAliveMs?: number;
  /** How often to send a WebSocket ping while connected (a pong is a sign of life). */
  probeMs?: number;
  /** How long stop() waits for the old socket's close before giving up on reusing the listener. */
  closeWaitMs?: number;
  media?: { allowHost?: (host: string) => boolean; timeoutMs?: number };
  /** fetch for zca-js's HTTP calls (zca-js `polyfill` option); tests pass a fake. */
  fetch?: typeof fetch;
}

// Compile-time check: what zca-js delivers is what the channel reads.
const deliverable: (m: Message) => ZaloIncoming = (m) => m;

const MEDIA_HEADERS = {
  // Zalo's CDN serves browsers; look like the web client that received the link.
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
  referer: 'https://chat.zalo.me/',
};

export class ZcaPort implements ZaloPort {
  private readonly store: CredentialsStore;
  private readonly log: ZaloLog;
  private readonly hub: PortHub;
  private readonly keepAliveMs: number;
  private readonly closeWaitMs: number;
  private readonly allowHost: (host: string) => boolean;
  private readonly mediaTimeoutMs: number;
  private readonly fetchImpl: typeof fetch | undefined;

  private api: API | undefined;
  private creds: ZaloCredentials | undefined;
  private listener: Listener | undefined;
  private unbindListener: (() => void) | undefined;
  private readonly probe: SocketProbe;
  /** The listener must not be reused: its old socket may still close later and clobber a new one. */
  private listenerTainted = false;
  /** Fingerprint of a credentials file Zalo rejected: not retried until an operator replaces it. */
  private rejected: string | undefined;
  private lastSavedCookies = '';
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private closeWaiters: (() => void)[] = [];
  private listening = false;
  private stopping: Promise<void> | undefined;

  constructor(opts: ZcaPortOptions) {
    this.store = opts.store;
    this.log = opts.log ?? silentLog;
    this.hub = new PortHub((e) => this.log.error(describeError(e), 'zalo: a port subscriber threw'));
    this.keepAliveMs = opts.keepAliveMs ?? 5 * 60_000;
    this.probe = new SocketProbe(opts.probeMs ?? 30_000, () => this.hub.activity());
    this.closeWaitMs = opts.closeWaitMs ?? 5_000;
    this.allowHost = opts.media?.allowHost ?? ((h) => isZaloCdnHost(h));
    this.mediaTimeoutMs = opts.media?.timeoutMs ?? 20_000;
    this.fetchImpl = opts.fetch;
  }

  subscribe(handlers: Partial<ZaloPortEvents>): () => void {
    return this.hub.subscribe(handlers);
  }

  async start(opts: StartOptions = {}): Promise<void> {
    if (this.stopping) await this.stopping;
    if (this.listening) await this.stop();
    if (opts.relogin || !this.api || this.listenerTainted) await this.login();
    const api = this.api;
    if (!api) throw new MotcuaError('DELIVERY_FAILED', 'Zalo login produced no session', { transient: true });
    this.bind(api.listener);
    api.listener.start({ retryOnClose: false });
    this.listening = true;
    this.attachProbe(api.listener);
    this.startKeepAlive();
  }

  stop(): Promise<void> {
    // Concurrent stops share one wait; start() waits for it too (see `stopping`).
    this.stopping ??= this.doStop().finally(() => {
      this.stopping = undefined;
    });
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.stopTimers();
    const listener = this.listener;
    if (!listener || !this.listening) return;
    this.listening = false;
    const closed = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.closeWaitMs);
      this.closeWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    listener.stop();
    if (!(await closed)) {
      // The old socket never reported its close; a late close would reset a new socket
      // started on the same listener, so the next start logs in afresh (new listener).
      this.listenerTainted = true;
      this.log.warn({}, 'zalo: listener did not confirm close; next start logs in again');
    }
    this.detachProbe();
  }

  async sendText(threadId: string, text: string, opts: SendTextOptions = {}): Promise<void> {
    const api = this.requireApi();
    const content: MessageContent = { msg: text };
    if (opts.bold?.length) content.styles = opts.bold.map((b): Style => ({ start: b.start, len: b.len, st: zca.TextStyle.Bold }));
    try {
      await api.sendMessage(content, threadId, opts.group ? zca.ThreadType.Group : zca.ThreadType.User);
    } catch (e) {
      throw toSendError(e);
    }
  }

  async sendImage(threadId: string, image: ZaloImage, caption?: string, opts: { group?: boolean } = {}): Promise<void> {
    const api = this.requireApi();
    const ext = image.mime === 'image/png' ? 'png' : image.mime === 'image/webp' ? 'webp' : 'jpg';
    // A Buffer with metadata: zca-js uploads it as a photo without reading a file or asking a getter.
    const attachment = {
      data: Buffer.from(image.data),
      filename: `image.${ext}` as const,
      metadata: { totalSize: image.data.byteLength, width: image.width, height: image.height },
    };
    try {
      await api.sendMessage({ msg: caption ?? '', attachments: [attachment] }, threadId, opts.group ? zca.ThreadType.Group : zca.ThreadType.User);
    } catch (e) {
      throw toSendError(e);
    }
  }

  fetchMedia(url: string, maxBytes: number): Promise<Uint8Array> {
    return downloadCapped(url, maxBytes, { allowHost: this.allowHost, timeoutMs: this.mediaTimeoutMs, headers: MEDIA_HEADERS });
  }

  private requireApi(): API {
    if (!this.api) throw new MotcuaError('DELIVERY_FAILED', 'Zalo is not logged in yet', { transient: true, offline: true });
    return this.api;
  }

  private async login(): Promise<void> {
    const creds = await this.store.read();
    const fingerprint = createHash('sha256').update(JSON.stringify([creds.imei, creds.userAgent, creds.cookie])).digest('hex');
    if (fingerprint === this.rejected) throw credentialsError('rejected', this.store.path);
    this.teardownListener();
    const zalo = new zca.Zalo({
      // No npm registry call at start-up and no console output from the SDK: we log ourselves.
      checkUpdate: false,
      logging: false,
      selfListen: false,
      imageMetadataGetter,
      ...(this.fetchImpl ? { polyfill: this.fetchImpl } : {}),
    });
    let api: API;
    try {
      api = await zalo.login({ imei: creds.imei, cookie: creds.cookie, userAgent: creds.userAgent, language: creds.language ?? 'vi' });
    } catch (e) {
      if (isSessionRejected(e)) {
        this.rejected = fingerprint;
        throw credentialsError('rejected', this.store.path, e);
      }
      throw new MotcuaError('DELIVERY_FAILED', 'Zalo login failed (network or server)', { transient: true, ...describeError(e) }, { cause: e });
    }
    this.api = api;
    this.creds = creds;
    this.listenerTainted = false;
    this.lastSavedCookies = JSON.stringify(creds.cookie);
    this.log.info({}, 'zalo: logged in from saved credentials');
    await this.saveCookies();
  }

  private bind(listener: Listener): void {
    if (this.listener === listener) return;
    this.teardownListener();
    this.listener = listener;
    const onMessage = (m: Message): void => {
      this.hub.activity();
      this.hub.message(deliverable(m));
    };
    const onConnected = (): void => {
      this.hub.activity();
      this.hub.connected();
    };
    const onClosed = (code: number, reason: string): void => {
      this.listening = false;
      this.detachProbe();
      const waiters = this.closeWaiters;
      this.closeWaiters = [];
      for (const w of waiters) w();
      this.hub.closed(code, reason);
    };
    // zca-js emits the raw ws ErrorEvent for socket failures (a close follows) and an Error
    // when one frame fails to decode (the socket lives on).
    const onError = (e: unknown): void => {
      if (e instanceof Error) this.hub.error(e, false);
      else this.hub.error(new Error('Zalo websocket error'), true);
    };
    // An EventEmitter without an 'error' listener would throw and crash the process.
    listener.on('message', onMessage);
    listener.on('connected', onConnected);
    listener.on('closed', onClosed);
    listener.on('error', onError);
    this.unbindListener = () => {
      listener.off('message', onMessage);
      listener.off('connected', onConnected);
      listener.off('closed', onClosed);
      listener.off('error', onError);
    };
  }

  private teardownListener(): void {
    this.detachProbe();
    this.unbindListener?.();
    this.unbindListener = undefined;
    if (this.listening) this.listener?.stop();
    this.listening = false;
    this.listener = undefined;
  }

  private attachProbe(listener: Listener): void {
    // zca-js keeps its socket in a private field; without it the watchdog still sees messages.
    if (!this.probe.attach(Reflect.get(listener, 'ws'))) {
      this.log.warn({}, 'zalo: cannot reach the listener socket; the watchdog relies on events only');
    }
  }

  private detachProbe(): void {
    this.probe.detach();
  }

  private startKeepAlive(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = setInterval(() => void this.keepAlive(), this.keepAliveMs);
    this.keepAliveTimer.unref();
  }

  private stopTimers(): void {
    if (this.keepAliveTimer) clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = undefined;
  }

  private async keepAlive(): Promise<void> {
    try {
      await this.api?.keepAlive();
      await this.saveCookies();
    } catch (e) {
      this.log.warn(describeError(e), 'zalo: keep-alive failed');
    }
  }

  /** Writes the session's cookie jar back when Zalo refreshed it, so a restart finds a live session. */
  private async saveCookies(): Promise<void> {
    const api = this.api;
    const creds = this.creds;
    if (!api || !creds) return;
    const cookies = api.getCookie().toJSON()?.cookies;
    if (!cookies || cookies.length === 0) return;
    const serialized = JSON.stringify(cookies);
    if (serialized === this.lastSavedCookies) return;
    try {
      const next = { imei: creds.imei, userAgent: creds.userAgent, language: creds.language, cookie: toStoredCookies(cookies) };
      await this.store.write(next);
      this.lastSavedCookies = serialized;
      this.creds = { ...creds, cookie: next.cookie };
      this.log.debug({ count: next.cookie.length }, 'zalo: refreshed cookies saved');
    } catch (e) {
      this.log.warn(describeError(e), 'zalo: could not save refreshed cookies');
    }
  }
}

/**
 * Only used if zca-js is ever handed a file path: we always send Buffers with metadata, but
 * supplying the getter keeps a stray path from failing with ZaloApiMissingImageMetadataGetter.
 */
async function imageMetadataGetter(filePath: string): Promise<ImageMetadataGetterResponse> {
  const data = await readFile(filePath);
  const meta = await sharp(data).metadata();
  return { width: meta.autoOrient.width, height: meta.autoOrient.height, size: data.byteLength };
}
