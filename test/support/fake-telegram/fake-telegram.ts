/**
 * @module A fake Telegram Bot API server on loopback HTTP for tests: the real telegraf client
 * talks to it through `apiRoot`. It long-polls getUpdates with Telegram's offset semantics,
 * answers the send/edit/file methods realistically, records every call, injects failures,
 * enforces flood limits, and delivers to a webhook when one is set. Helpers make tests read
 * like a conversation: `fake.sendText(1001, 'khai sinh')`, `await fake.nextMessages(1001)`,
 * `fake.tap(1001, 'Nam')`.
 *
 * Updates injected synchronously in the same tick arrive in one getUpdates batch.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiResponse, FakeMessage, FakeUpdate, FakeUser } from './bot-api-types.ts';
import { createMethods, type MethodHandler } from './bot-methods.ts';
import { FakeConversation } from './fake-conversation.ts';
import { ApiError, FakeState, inlineButtons, type BotMessage, type FileOptions, type StoredFile } from './fake-state.ts';
import { failureBody, matches, MESSAGE_METHODS, RateGate, type ActiveRule, type FaultRule, type RateLimit } from './faults.ts';
import { postUpdate } from './post-update.ts';
import { jsonParam, numParam, readBody, readParams, type Params } from './read-params.ts';
import type { MessageContent, UserOptions } from './update-factory.ts';

export const FAKE_TOKEN = '123456789:AAFakeTokenForTests_abcdefghijklmnopq';

export interface FakeTelegramOptions {
  token?: string;
  botUsername?: string;
  /** POST injected updates to the webhook set with setWebhook. Default true. */
  deliverWebhooks?: boolean;
  /** Attempts per update when the webhook answers non-2xx. Default 3. */
  webhookAttempts?: number;
  webhookRetryDelayMs?: number;
}

export interface RecordedCall {
  method: string;
  params: Params;
  /** Arrival time, ms since the epoch. */
  at: number;
  chatId?: number;
  /** HTTP status answered; 0 while pending or when the connection was reset. */
  status: number;
  description?: string;
  /** For getUpdates: how many updates the answer carried. */
  resultCount?: number;
  /** The method took effect but its answer is being held (see `hold`). */
  held?: boolean;
}

export interface HoldRule {
  /** Methods whose answers are held; default sendMessage and sendPhoto. */
  method?: string | string[];
  /** Lets this many matching calls be answered normally first. Default 0. */
  after?: number;
}

export interface Hold {
  /** Calls whose answers are held right now. */
  held(): number;
  /** Answers the held calls (to whoever still listens) and stops holding. */
  release(): void;
}

interface ActiveHold {
  methods: Set<string>;
  after: number;
  waiting: (() => void)[];
}

export interface Injected {
  updateId: number;
  update: FakeUpdate;
  messageId?: number;
  /** callback_query id, for taps. */
  queryId?: string;
  /** file_id of the largest photo size or the document. */
  fileId?: string;
}

interface Pending {
  update: FakeUpdate;
  /** Delivered once even below the confirmed offset: simulates a redelivery. */
  force?: boolean;
  delivered?: boolean;
}

interface Poller {
  offset: number;
  limit: number;
  allowed: string[] | undefined;
  finish(status: number, body: ApiResponse): void;
}

const BLOCKABLE = new Set([...MESSAGE_METHODS, 'sendChatAction', 'editMessageText', 'editMessageReplyMarkup']);
const WEBHOOK_ACTIVE = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const CONFLICT = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

export class FakeTelegram {
  readonly token: string;
  readonly bot: FakeUser;
  readonly state: FakeState;
  readonly calls: RecordedCall[] = [];
  readonly webhookDeliveries: { updateId: number; status: number; attempt: number; at: number }[] = [];
  apiRoot = '';
  private readonly server: Server;
  private readonly methods: Record<string, MethodHandler>;
  private readonly opts: Required<Omit<FakeTelegramOptions, 'token' | 'botUsername'>>;
  private pending: Pending[] = [];
  private readonly history = new Map<number, FakeUpdate>();
  private poller: Poller | undefined;
  private rules: ActiveRule[] = [];
  private gate: RateGate | undefined;
  private holding: ActiveHold | undefined;
  private readonly blocked = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private readonly cursors = new Map<number, number>();
  private flushScheduled = false;
  private readonly deliveryQueue: FakeUpdate[] = [];
  private delivering = false;
  private closed = false;

  private constructor(opts: FakeTelegramOptions) {
    this.token = opts.token ?? FAKE_TOKEN;
    this.bot = { id: Number(this.token.split(':')[0]), is_bot: true, first_name: 'Một Cửa', username: opts.botUsername ?? 'motcua_test_bot' };
    this.state = new FakeState(this.bot);
    this.opts = { deliverWebhooks: opts.deliverWebhooks ?? true, webhookAttempts: opts.webhookAttempts ?? 3, webhookRetryDelayMs: opts.webhookRetryDelayMs ?? 100 };
    this.methods = createMethods(this.state, { dropPending: () => (this.pending = []) });
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(err));
      });
    });
  }

  /** Starts a fake server on 127.0.0.1 and a random free port. */
  static async start(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(opts);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    fake.apiRoot = `http://127.0.0.1:${port}`;
    return fake;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.poller?.finish(200, { ok: true, result: [] });
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ───────────────────────────── users' side: inject updates ─────────────────────────────

  /** Queues an update for getUpdates (or the webhook); builds update_id when missing. */
  inject(update: FakeUpdate): Injected {
    this.history.set(update.update_id, update);
    const msg = update.message ?? update.edited_message ?? update.channel_post;
    if (msg) this.state.chats.set(msg.chat.id, msg.chat);
    const q = update.callback_query;
    if (q) this.state.queries.set(q.id, { chatId: q.message?.chat.id ?? q.from.id });
    this.enqueue({ update });
    return {
      updateId: update.update_id,
      update,
      ...(msg ? { messageId: msg.message_id } : {}),
      ...(q ? { queryId: q.id } : {}),
    };
  }

  /** Delivers an already delivered update again, as after a crash before the offset was confirmed. */
  redeliver(updateId: number): void {
    const update = this.history.get(updateId);
    if (!update) throw new Error(`FakeTelegram: no update ${updateId} to redeliver`);
    this.enqueue({ update, force: true });
  }

  sendText(chatId: number, text: string, user?: UserOptions): Injected {
    return this.inject(this.state.factory.message(chatId, { text }, user));
  }

  /** `/start payload`, `/help`, ... with a bot_command entity. */
  sendCommand(chatId: number, command: string, args?: string, user?: UserOptions): Injected {
    return this.inject(this.state.factory.command(chatId, command, args, user));
  }

  sendMessage(chatId: number, content: MessageContent, user?: UserOptions): Injected {
    return this.inject(this.state.factory.message(chatId, content, user));
  }

  /**
   * A photo as Telegram delivers it: three sizes, the largest carrying `bytes`.
   * `declaredSize` overrides file_size (null omits it); `chunked` serves it without Content-Length.
   */
  sendPhoto(chatId: number, bytes: Uint8Array, opts: { caption?: string; declaredSize?: number | null; chunked?: boolean; mediaGroupId?: string; user?: UserOptions } = {}): Injected {
    const big = this.registerFile(bytes, { mime: 'image/jpeg', ...pick(opts, ['declaredSize', 'chunked']) });
    const thumb = this.registerFile(new Uint8Array([0xff, 0xd8, 0xff, 1]), { mime: 'image/jpeg' });
    const mid = this.registerFile(new Uint8Array([0xff, 0xd8, 0xff, 2, 2]), { mime: 'image/jpeg' });
    const size = (f: StoredFile, w: number, h: number): NonNullable<FakeMessage['photo']>[number] => ({
      file_id: f.fileId, file_unique_id: f.uniqueId, width: w, height: h, ...(f.declaredSize !== null ? { file_size: f.declaredSize } : {}),
    });
    const injected = this.sendMessage(chatId, {
      photo: [size(thumb, 90, 67), size(mid, 320, 240), size(big, 1280, 960)],
      ...(opts.caption !== undefined ? { caption: opts.caption } : {}),
      ...(opts.mediaGroupId !== undefined ? { media_group_id: opts.mediaGroupId } : {}),
    }, opts.user);
    return { ...injected, fileId: big.fileId };
  }

  /** A file sent "as a document" (uncompressed); images keep their image/* mime type. */
  sendDocument(chatId: number, bytes: Uint8Array, opts: { mime: string; fileName: string; declaredSize?: number | null; chunked?: boolean; user?: UserOptions }): Injected {
    const ext = opts.fileName.split('.').pop() ?? 'dat';
    const f = this.registerFile(bytes, { mime: opts.mime, folder: 'documents', extension: ext, ...pick(opts, ['declaredSize', 'chunked']) });
    const injected = this.sendMessage(chatId, {
      document: { file_id: f.fileId, file_unique_id: f.uniqueId, file_name: opts.fileName, mime_type: opts.mime, ...(f.declaredSize !== null ? { file_size: f.declaredSize } : {}) },
    }, opts.user);
    return { ...injected, fileId: f.fileId };
  }

  sendLocation(chatId: number, latitude: number, longitude: number, user?: UserOptions): Injected {
    return this.sendMessage(chatId, { location: { latitude, longitude } }, user);
  }

  sendVenue(chatId: number, latitude: number, longitude: number, title: string, address: string, user?: UserOptions): Injected {
    return this.sendMessage(chatId, { location: { latitude, longitude }, venue: { location: { latitude, longitude }, title, address } }, user);
  }

  /** Shares a contact; `own` (default true) makes it the user's own number, as the "share my number" button does. */
  sendContact(chatId: number, phone: string, opts: { own?: boolean; firstName?: string; user?: UserOptions } = {}): Injected {
    const own = opts.own ?? true;
    return this.sendMessage(chatId, {
      contact: { phone_number: phone, first_name: opts.firstName ?? 'Lan', ...(own ? { user_id: chatId } : { user_id: chatId + 7 }) },
    }, opts.user);
  }

  sendSticker(chatId: number, user?: UserOptions): Injected {
    return this.sendMessage(chatId, { sticker: { file_id: 'CAACAgIAAxkBAAIBsticker', file_unique_id: 'AgADsticker', width: 512, height: 512, is_animated: false, is_video: false, type: 'regular', emoji: '👍' } }, user);
  }

  sendVoice(chatId: number, user?: UserOptions): Injected {
    return this.sendMessage(chatId, { voice: { file_id: 'AwACAgIAAxkBAAIBvoice', file_unique_id: 'AgADvoice', duration: 3, mime_type: 'audio/ogg', file_size: 4096 } }, user);
  }

  sendVideo(chatId: number, user?: UserOptions): Injected {
    return this.sendMessage(chatId, { video: { file_id: 'BAACAgIAAxkBAAIBvideo', file_unique_id: 'AgADvideo', width: 640, height: 360, duration: 5 } }, user);
  }

  /** The user edits one of their earlier messages (edited_message update). */
  editMessage(chatId: number, messageId: number, text: string, user?: UserOptions): Injected {
    return this.inject(this.state.factory.edited(chatId, messageId, text, user));
  }

  /** A message in a group (negative id; -100… makes a supergroup). */
  sendGroupText(groupId: number, fromUserId: number, text: string, user?: UserOptions): Injected {
    return this.inject(this.state.factory.groupMessage(groupId, fromUserId, { text }, user));
  }

  /** Taps an inline button with `data` on bot message `messageId`. */
  tapButton(chatId: number, messageId: number, data: string, user?: UserOptions): Injected {
    const msg = this.state.botMessage(chatId, messageId);
    return this.inject(this.state.factory.callback(chatId, msg?.message, data, user));
  }

  /** Taps the button labelled `label` on the latest bot message in the chat that shows it. */
  tap(chatId: number, label: string, user?: UserOptions): Injected {
    const t = this.messages(chatId);
    for (let i = t.length - 1; i >= 0; i--) {
      const m = t[i];
      const b = m && inlineButtons(m.replyMarkup).find((x) => x.text === label && x.callback_data !== undefined);
      if (m && b?.callback_data !== undefined) return this.tapButton(chatId, m.messageId, b.callback_data, user);
    }
    const shown = t.flatMap((m) => inlineButtons(m.replyMarkup).map((b) => b.text));
    throw new Error(`FakeTelegram: no button "${label}" in chat ${chatId}; buttons shown: ${JSON.stringify(shown)}`);
  }

  /** A conversation helper bound to one private chat. */
  chat(chatId: number, user: UserOptions = {}): FakeConversation {
    return new FakeConversation(this, chatId, user);
  }

  registerFile(bytes: Uint8Array, opts: FileOptions = {}): StoredFile {
    return this.state.registerFile(bytes, opts);
  }

  // ───────────────────────────── bot's side: what it did ─────────────────────────────

  /** Messages the bot sent to the chat, oldest first, with their current keyboards. */
  messages(chatId: number): BotMessage[] {
    return this.state.transcripts.get(chatId) ?? [];
  }

  /** Waits until the bot has sent at least `n` messages to the chat; returns all of them. */
  waitForMessages(chatId: number, n: number, timeoutMs = 5000): Promise<BotMessage[]> {
    return this.waitFor(`${n} message(s) to chat ${chatId}`, () => (this.messages(chatId).length >= n ? this.messages(chatId) : undefined), timeoutMs);
  }

  /** The next `n` messages to the chat that this helper has not returned before. */
  async nextMessages(chatId: number, n = 1, timeoutMs = 5000): Promise<BotMessage[]> {
    const from = this.cursors.get(chatId) ?? 0;
    const all = await this.waitForMessages(chatId, from + n, timeoutMs);
    this.cursors.set(chatId, from + n);
    return all.slice(from, from + n);
  }

  /** Messages to the chat not yet returned by nextMessages/unread; marks them read. */
  unread(chatId: number): BotMessage[] {
    const from = this.cursors.get(chatId) ?? 0;
    const all = this.messages(chatId);
    this.cursors.set(chatId, all.length);
    return all.slice(from);
  }

  callsTo(method: string, chatId?: number): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (chatId === undefined || c.chatId === chatId));
  }

  waitForCall(method: string, where: (c: RecordedCall) => boolean = () => true, timeoutMs = 5000): Promise<RecordedCall> {
    return this.waitFor(`a ${method} call`, () => this.calls.find((c) => c.method === method && c.status !== 0 && where(c)), timeoutMs);
  }

  /** How the bot answered a callback query, once it did. */
  waitForCallbackAnswer(queryId: string, timeoutMs = 5000): Promise<{ text?: string; showAlert: boolean; at: number }> {
    return this.waitFor(`answerCallbackQuery(${queryId})`, () => this.state.queries.get(queryId)?.answer, timeoutMs);
  }

  /** Resolves once every injected update was confirmed (polling) or accepted (webhook). */
  waitForIdle(timeoutMs = 5000): Promise<true> {
    return this.waitFor('all updates to be confirmed', () => (this.pending.length === 0 && !this.delivering ? true : undefined), timeoutMs);
  }

  /** Resolves when a long poll is waiting, i.e. the bot is up and has handled what it got. */
  waitForPoll(timeoutMs = 5000): Promise<true> {
    return this.waitFor('a waiting getUpdates', () => (this.poller ? true : undefined), timeoutMs);
  }

  get webhook(): FakeState['webhook'] {
    return this.state.webhook;
  }

  // ───────────────────────────── failures and limits ─────────────────────────────

  /** Makes matching calls fail (or wait); returns a handle telling how many failures are left. */
  fail(rule: FaultRule): { remaining(): number; cancel(): void } {
    const active: ActiveRule = { ...rule, remaining: rule.times ?? 1, passes: rule.after ?? 0 };
    this.rules.push(active);
    return { remaining: () => active.remaining, cancel: () => (this.rules = this.rules.filter((r) => r !== active)) };
  }

  clearFaults(): void {
    this.rules = [];
  }

  /** The user blocks the bot: sends to the chat answer 403 until unblock. */
  block(chatId: number): void {
    this.blocked.add(chatId);
  }

  unblock(chatId: number): void {
    this.blocked.delete(chatId);
  }

  /**
   * Holds the answers to matching calls: the call takes effect (the message is in the chat, as
   * when Telegram took it) but the bot gets no answer until `release()` — a request in flight
   * for as long as a test needs, e.g. to kill the bot's process at that moment.
   */
  hold(rule: HoldRule = {}): Hold {
    const methods = rule.method === undefined ? ['sendMessage', 'sendPhoto'] : Array.isArray(rule.method) ? rule.method : [rule.method];
    const active: ActiveHold = { methods: new Set(methods), after: rule.after ?? 0, waiting: [] };
    this.holding = active;
    return {
      held: () => active.waiting.length,
      release: () => {
        if (this.holding === active) this.holding = undefined;
        for (const answer of active.waiting.splice(0)) answer();
      },
    };
  }

  /** Resolves once `n` answers are held. */
  waitForHeld(n: number, timeoutMs = 5000): Promise<true> {
    return this.waitFor(`${n} held answer(s)`, () => ((this.holding?.waiting.length ?? 0) >= n ? true : undefined), timeoutMs);
  }

  /** Enforces flood limits on sending methods (429 with retry_after above them); undefined lifts them. */
  limitRate(limit: RateLimit | undefined): void {
    this.gate = limit ? new RateGate(limit) : undefined;
  }

  // ───────────────────────────── internals ─────────────────────────────

  private waitFor<T>(what: string, check: () => T | undefined, timeoutMs: number): Promise<T> {
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    return new Promise<T>((resolve, reject) => {
      const listener = (): void => {
        const v = check();
        if (v === undefined) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(v);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`FakeTelegram: timed out after ${timeoutMs} ms waiting for ${what}. Recent calls: ${this.describeCalls()}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  private describeCalls(): string {
    return this.calls.slice(-12).map((c) => `${c.method}${c.chatId !== undefined ? `(${c.chatId})` : ''}→${c.status}${c.description ? ` "${c.description}"` : ''}`).join(', ');
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }

  private enqueue(p: Pending): void {
    this.pending.push(p);
    if (this.state.webhook && this.opts.deliverWebhooks) {
      this.deliveryQueue.push(p.update);
      void this.deliverWebhooks();
    } else if (!this.flushScheduled) {
      // Deferred so updates injected in the same tick land in one batch.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        const poller = this.poller;
        if (!poller) return;
        const batch = this.take(poller.offset, poller.limit, poller.allowed);
        if (batch.length > 0) poller.finish(200, { ok: true, result: batch });
      });
    }
    this.changed();
  }

  private async deliverWebhooks(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let update = this.deliveryQueue.shift(); update && !this.closed; update = this.deliveryQueue.shift()) {
        for (let attempt = 1; attempt <= this.opts.webhookAttempts; attempt++) {
          const hook = this.state.webhook;
          if (!hook) break;
          const status = await postUpdate(hook.url, update, hook.secretToken);
          this.webhookDeliveries.push({ updateId: update.update_id, status, attempt, at: Date.now() });
          if (status >= 200 && status < 300) {
            const u = update;
            this.pending = this.pending.filter((p) => p.update !== u);
            break;
          }
          await sleep(this.opts.webhookRetryDelayMs);
        }
        this.changed();
      }
    } finally {
      this.delivering = false;
      this.changed();
    }
  }

  /** Confirms updates below `offset` (Telegram forgets them) unless a forced redelivery is pending. */
  private confirm(offset: number): void {
    if (offset <= 0) return;
    this.pending = this.pending.filter((p) => p.update.update_id >= offset || (p.force === true && p.delivered !== true));
  }

  private take(offset: number, limit: number, allowed: string[] | undefined): FakeUpdate[] {
    let list = this.pending.filter((p) => offset <= 0 || p.update.update_id >= offset || (p.force === true && p.delivered !== true));
    if (offset < 0) list = list.slice(offset);
    if (allowed && allowed.length > 0) list = list.filter((p) => Object.keys(p.update).some((k) => k !== 'update_id' && allowed.includes(k)));
    list = list.slice(0, limit);
    for (const p of list) p.delivered = true;
    return list.map((p) => p.update);
  }

  private getUpdates(p: Params, res: ServerResponse): Promise<{ status: number; body: ApiResponse }> {
    if (this.state.webhook) return Promise.resolve({ status: 409, body: { ok: false, error_code: 409, description: WEBHOOK_ACTIVE } });
    const offset = numParam(p.offset) ?? 0;
    const limit = Math.min(100, Math.max(1, numParam(p.limit) ?? 100));
    const timeout = Math.max(0, numParam(p.timeout) ?? 0);
    const rawAllowed = jsonParam(p.allowed_updates);
    const allowed = Array.isArray(rawAllowed) ? rawAllowed.filter((x): x is string => typeof x === 'string') : undefined;
    this.confirm(offset);
    this.poller?.finish(409, { ok: false, error_code: 409, description: CONFLICT });
    this.changed();
    const batch = this.take(offset, limit, allowed);
    if (batch.length > 0 || timeout === 0 || this.closed) return Promise.resolve({ status: 200, body: { ok: true, result: batch } });
    return new Promise((resolve) => {
      const poller: Poller = {
        offset, limit, allowed,
        finish: (status, body) => {
          clearTimeout(timer);
          if (this.poller === poller) this.poller = undefined;
          resolve({ status, body });
        },
      };
      const timer = setTimeout(() => poller.finish(200, { ok: true, result: [] }), timeout * 1000);
      // The client gave up (telegraf aborts its long poll on stop): forget the poll.
      res.on('close', () => {
        if (!res.writableFinished) poller.finish(200, { ok: true, result: [] });
      });
      this.poller = poller;
      this.changed();
    });
  }

  private serveFile(res: ServerResponse, token: string, path: string): void {
    const f = token === this.token ? this.state.filesByPath.get(path) : undefined;
    this.calls.push({ method: 'file', params: { path }, at: Date.now(), status: f ? 200 : 404 });
    this.changed();
    if (!f) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error_code: 404, description: 'Not Found' }));
      return;
    }
    const headers: Record<string, string | number> = { 'content-type': f.mime ?? 'application/octet-stream' };
    if (!f.chunked) headers['content-length'] = f.bytes.length;
    res.writeHead(200, headers);
    res.end(Buffer.from(f.bytes));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.serveFile(res, file[1] ?? '', decodeURIComponent(file[2] ?? ''));
    const api = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!api) {
      sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      return;
    }
    const token = api[1] ?? '';
    const method = api[2] ?? '';
    const body = await readBody(req);
    let params: Params;
    try {
      params = await readParams(req, url, body);
    } catch {
      sendJson(res, 400, { ok: false, error_code: 400, description: "Bad Request: can't parse request body" });
      return;
    }
    const chatId = numParam(params.chat_id);
    const call: RecordedCall = { method, params, at: Date.now(), status: 0, ...(chatId !== undefined ? { chatId } : {}) };
    this.calls.push(call);
    const answer = (status: number, payload: ApiResponse): void => {
      const hold = this.holding;
      if (hold && status === 200 && hold.methods.has(method)) {
        if (hold.after > 0) hold.after -= 1;
        else {
          call.held = true;
          hold.waiting.push(() => {
            call.held = false;
            call.status = status;
            if (!res.destroyed) sendJson(res, status, payload);
            this.changed();
          });
          this.changed();
          return;
        }
      }
      call.status = status;
      if (!payload.ok) call.description = payload.description;
      else if (Array.isArray(payload.result)) call.resultCount = payload.result.length;
      if (!res.destroyed) sendJson(res, status, payload);
      this.changed();
    };

    if (token !== this.token) return answer(401, { ok: false, error_code: 401, description: 'Unauthorized' });

    let rule = this.rules.find((r) => matches(r, method, chatId));
    if (rule && rule.passes > 0) {
      rule.passes -= 1;
      rule = undefined;
    }
    if (rule) {
      rule.remaining -= 1;
      if (rule.delayMs) await sleep(rule.delayMs);
      if (rule.error === 'reset') {
        call.description = 'connection reset';
        req.socket.destroy();
        this.changed();
        return;
      }
      if (rule.error) {
        const f = failureBody(rule.error);
        call.status = f.status;
        call.description = f.json ? (JSON.parse(f.body) as { description: string }).description : `HTTP ${f.status}`;
        res.writeHead(f.status, { 'content-type': f.json ? 'application/json' : 'text/html' }).end(f.body);
        this.changed();
        return;
      }
    }

    if (chatId !== undefined && this.blocked.has(chatId) && BLOCKABLE.has(method)) {
      return answer(403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    }
    if (this.gate && MESSAGE_METHODS.has(method)) {
      const retryAfter = this.gate.check(chatId, Date.now());
      if (retryAfter > 0) {
        return answer(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
      }
    }

    if (method === 'getUpdates') {
      const r = await this.getUpdates(params, res);
      return answer(r.status, r.body);
    }
    if (method === 'getWebhookInfo') {
      const hook = this.state.webhook;
      return answer(200, {
        ok: true,
        result: {
          url: hook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.pending.length,
          ...(hook?.maxConnections !== undefined ? { max_connections: hook.maxConnections } : {}),
          ...(hook?.allowedUpdates ? { allowed_updates: hook.allowedUpdates } : {}),
        },
      });
    }
    const handler = this.methods[method];
    if (!handler) return answer(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    try {
      const result = handler(params);
      if (method === 'deleteWebhook' || method === 'setWebhook') queueMicrotask(() => this.enqueueFlush());
      return answer(200, { ok: true, result });
    } catch (err) {
      if (err instanceof ApiError) return answer(err.code, { ok: false, error_code: err.code, description: err.description });
      throw err;
    }
  }

  /** After the webhook changes, pending updates go to whichever receiver is now active. */
  private enqueueFlush(): void {
    if (this.state.webhook && this.opts.deliverWebhooks) {
      for (const p of this.pending) if (!this.deliveryQueue.includes(p.update)) this.deliveryQueue.push(p.update);
      void this.deliverWebhooks();
    }
  }
}


function sendJson(res: ServerResponse, status: number, payload: ApiResponse): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
