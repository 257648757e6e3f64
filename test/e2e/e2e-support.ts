/**
 * @module Helpers for the end-to-end tests: the real app (createApp) with real flows, engine,
 * NLU and fields, a memory store and a temporary DATA_DIR, plus a capturing logger, session
 * peeking and small date/port utilities.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createApp, type App } from '../../src/app/create-app.ts';
import type { Channel, InboundMessage } from '../../src/channels/channel.ts';
import type { TelegramLimitsInput } from '../../src/channels/telegram/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { readSession, type Session } from '../../src/engine/session.ts';
import { silentLogger } from '../../src/log/logger.ts';
import type { Store } from '../../src/store/store.ts';

/** Tracking codes: HS- and two groups of 4 from the alphabet without 0/O/1/I. */
export const TRACKING_CODE = /HS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}/;

/** Per-chat pacing and retries that do not slow the suite down (Telegram's real limits are ~1/s per chat). */
export const FAST_TELEGRAM_LIMITS: TelegramLimitsInput = {
  perChat: { perSecond: 200, burst: 50 },
  global: { perSecond: 2000, burst: 200 },
  retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40, rateLimitedAttempts: 5 },
  pollingRestartMs: 20,
  stopTimeoutMs: 1000,
  typingIntervalMs: 0,
};

export interface LogLine {
  level: number;
  msg?: string;
  [k: string]: unknown;
}

/** A pino logger that keeps every line (parsed) in memory. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

export interface TestApp {
  app: App;
  dataDir: string;
  /** Base URL the HTTP server listens on. */
  url: string;
  /** Stops the app and removes DATA_DIR. */
  close(): Promise<void>;
}

/** The real app on 127.0.0.1 with a temp DATA_DIR and the memory store; `port` 0 picks a free one. */
export async function startApp(opts: { channels: Channel[]; logger?: Logger; port?: number; store?: Store }): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'motcua-e2e-'));
  const config = { ...loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), port: opts.port ?? 0 };
  const app = createApp({ config, logger: opts.logger ?? silentLogger(), channels: opts.channels, ...(opts.store ? { store: opts.store } : {}) });
  const url = await app.start();
  return {
    app,
    dataDir,
    url,
    async close() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The chat's session as the engine stored it (validated), or null. */
export async function sessionOf(store: Store, chatKey: string): Promise<Session | null> {
  const r = readSession(await store.sessions.peek(chatKey));
  if (!r.ok) throw new Error(`unreadable session for ${chatKey}: ${r.reason}`);
  return r.session;
}

/** The date `days` ago as a citizen types it (dd/mm/yyyy). */
export function dateDaysAgo(days: number): string {
  const d = new Date(Date.now() - days * 86_400_000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** A loopback port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * Wraps a channel so every InboundMessage it hands to the app is recorded first — to prove
 * what did (or did not) reach the engine — and counts the messages whose handling (engine
 * turn and replies sent) has finished. Everything else is delegated.
 */
export interface RecordedChannel {
  channel: Channel;
  inbound: InboundMessage[];
  /** How many inbound messages were fully handled (replies sent or failed). */
  handled(): number;
}

export function recordInbound(inner: Channel): RecordedChannel {
  const inbound: InboundMessage[] = [];
  let handled = 0;
  const channel: Channel = {
    name: inner.name,
    capabilities: inner.capabilities,
    ...(inner.webhook ? { webhook: inner.webhook } : {}),
    ...(inner.typing ? { typing: (chatId: string) => inner.typing!(chatId) } : {}),
    start: (onMessage) =>
      inner.start(async (m) => {
        inbound.push(m);
        try {
          await onMessage(m);
        } finally {
          handled += 1;
        }
      }),
    send: (chatId, messages, opts) => inner.send(chatId, messages, opts),
    stop: () => inner.stop(),
  };
  return { channel, inbound, handled: () => handled };
}

/** Polls `cond` every few ms until it holds. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
