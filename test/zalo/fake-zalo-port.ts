/**
 * @module A ZaloPort without Zalo, for channel, supervisor and conversation tests.
 * Inject what a citizen sends (`injectText`, `injectPhoto`, `injectLocation`, or any real
 * zca-js message via `emitMessage`), read what the bot sent (`sent`, `texts()`), and drive the
 * connection (`connect()`, `drop(1006)`, `failNextStart(err)`).
 *
 * @example
 * const port = new FakeZaloPort();
 * const channel = testZaloChannel(port);
 * await channel.start((m) => engine.handle(m).then((out) => channel.send(m.chatId, out)));
 * port.injectText('u1', 'tôi muốn khai sinh cho con');
 * await port.waitForSent(1);
 * port.texts('u1'); // ['…\n\n1. …\n2. …\n\nTrả lời 1 hoặc 2']
 */
import { ZaloChannel, type ZaloChannelOptions } from '../../src/channels/zalo/zalo-channel.ts';
import { PortHub } from '../../src/channels/zalo/port-hub.ts';
import type { BoldRange, SendTextOptions, StartOptions, ZaloImage, ZaloPort, ZaloPortEvents } from '../../src/channels/zalo/zalo-port.ts';
import type { ZaloIncoming } from '../../src/channels/zalo/zalo-incoming.ts';
import { MotcuaError } from '../../src/errors.ts';
import { zca } from '../../src/channels/zalo/zca.ts';
import { BOT_UID, fixtureData } from './zalo-fixtures.ts';

export type SentItem =
  | { kind: 'text'; threadId: string; text: string; bold: BoldRange[]; group: boolean }
  | { kind: 'image'; threadId: string; image: ZaloImage; caption: string | undefined; group: boolean };

export class FakeZaloPort implements ZaloPort {
  readonly hub = new PortHub((e) => {
    throw e;
  });
  readonly sent: SentItem[] = [];
  readonly starts: StartOptions[] = [];
  stops = 0;
  /** Emit `connected` by itself after each successful start (on a microtask). */
  autoConnect = true;
  /** Errors for the next start() calls, in order. */
  private readonly startFailures: unknown[] = [];
  /** Errors for the next send calls, in order (a MotcuaError, e.g. RATE_LIMITED). */
  private readonly sendFailures: unknown[] = [];
  private readonly media = new Map<string, Uint8Array>();
  private nextMsgId = 9_000_000_000_000;
  private sentWaiters: { n: number; resolve: () => void }[] = [];
  private listening = false;

  subscribe(handlers: Partial<ZaloPortEvents>): () => void {
    return this.hub.subscribe(handlers);
  }

  async start(opts: StartOptions = {}): Promise<void> {
    this.starts.push({ ...opts });
    const failure = this.startFailures.shift();
    if (failure !== undefined) throw failure;
    this.listening = true;
    if (this.autoConnect) queueMicrotask(() => this.connect());
  }

  async stop(): Promise<void> {
    this.stops++;
    if (this.listening) {
      this.listening = false;
      // Like zca-js: stopping closes the socket with 1000 ManualClosure.
      this.hub.closed(1000, '');
    }
  }

  async sendText(threadId: string, text: string, opts: SendTextOptions = {}): Promise<void> {
    this.takeSendFailure();
    this.record({ kind: 'text', threadId, text, bold: opts.bold ?? [], group: opts.group ?? false });
  }

  async sendImage(threadId: string, image: ZaloImage, caption?: string, opts: { group?: boolean } = {}): Promise<void> {
    this.takeSendFailure();
    this.record({ kind: 'image', threadId, image, caption, group: opts.group ?? false });
  }

  async fetchMedia(url: string, maxBytes: number): Promise<Uint8Array> {
    const data = this.media.get(url);
    if (!data) throw new MotcuaError('PHOTO_INVALID', 'no such media', { transient: false, status: 404 });
    if (data.byteLength > maxBytes) throw new MotcuaError('PHOTO_TOO_LARGE', 'too large', { limit: maxBytes });
    return data;
  }

  // ---- driving the connection ----

  connect(): void {
    this.listening = true;
    this.hub.connected();
  }

  /** The socket closes (1006 by default, as Zalo does about every minute). */
  drop(code = 1006, reason = ''): void {
    this.listening = false;
    this.hub.closed(code, reason);
  }

  failNextStart(e: unknown): void {
    this.startFailures.push(e);
  }

  failNextSend(e: unknown): void {
    this.sendFailures.push(e);
  }

  // ---- injecting what a citizen sends ----

  emitMessage(m: ZaloIncoming): void {
    this.hub.activity();
    this.hub.message(m);
  }

  /** A 1:1 text from `userId`; returns the Zalo msgId used. */
  injectText(userId: string, text: string, msgId = this.newMsgId()): string {
    this.emitMessage(new zca.UserMessage(BOT_UID, fixtureData('text', { uidFrom: userId, msgId, content: text, ts: String(Date.now()) })));
    return msgId;
  }

  /** A 1:1 photo whose original (`href`) serves `bytes`. */
  injectPhoto(userId: string, bytes: Uint8Array, msgId = this.newMsgId()): string {
    const base = `https://photo-stal-1.zdn.vn/fake/${msgId}`;
    this.media.set(`${base}/original.jpg`, bytes);
    const content = {
      title: '',
      description: '',
      href: `${base}/original.jpg`,
      thumb: `${base}/thumb.jpg`,
      childnumber: 0,
      action: '',
      params: JSON.stringify({ hd: `${base}/hd.jpg`, normalUrl: `${base}/normal.jpg` }),
      type: '',
    };
    this.emitMessage(new zca.UserMessage(BOT_UID, fixtureData('photo', { uidFrom: userId, msgId, content, ts: String(Date.now()) })));
    return msgId;
  }

  injectLocation(userId: string, lat: number, lng: number, msgId = this.newMsgId()): string {
    const content = { title: '', description: `${lat},${lng}`, href: '', thumb: '', childnumber: 0, action: 'location', params: JSON.stringify({ latitude: lat, longitude: lng }), type: '' };
    this.emitMessage(new zca.UserMessage(BOT_UID, fixtureData('location', { uidFrom: userId, msgId, content, ts: String(Date.now()) })));
    return msgId;
  }

  // ---- reading what the bot sent ----

  texts(threadId?: string): string[] {
    return this.sent.flatMap((s) => (s.kind === 'text' && (threadId === undefined || s.threadId === threadId) ? [s.text] : []));
  }

  /** Resolves once at least `n` items were sent in total. */
  waitForSent(n: number): Promise<void> {
    if (this.sent.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.sentWaiters.push({ n, resolve }));
  }

  private record(item: SentItem): void {
    this.sent.push(item);
    const ready = this.sentWaiters.filter((w) => this.sent.length >= w.n);
    this.sentWaiters = this.sentWaiters.filter((w) => this.sent.length < w.n);
    for (const w of ready) w.resolve();
  }

  private takeSendFailure(): void {
    const failure = this.sendFailures.shift();
    if (failure !== undefined) throw failure;
  }

  private newMsgId(): string {
    return String(this.nextMsgId++);
  }
}

/** A ZaloChannel over `port` with limits that do not slow tests down (override as needed). */
export function testZaloChannel(port: ZaloPort, overrides: Partial<ZaloChannelOptions> = {}): ZaloChannel {
  return new ZaloChannel({
    port,
    supervisor: { reconnect: { baseMs: 10, capMs: 100 }, duplicateRetryMs: 1000, credentialsRetryMs: 1000, watchdogSilentMs: 60_000 },
    queue: { chatIntervalMs: 0, perMinute: 10_000, maxQueued: 10_000 },
    photo: { sleep: async () => {} },
    ...overrides,
  });
}
