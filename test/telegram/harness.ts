/**
 * @module Starts a TelegramChannel on the real telegraf client against the fake Bot API
 * server, with fast limits and a recording logger. The default onMessage is a tiny echo bot
 * that records every InboundMessage and answers `echo: <what it got>`.
 */
import type { InboundMessage, OutboundMessage } from '../../src/channels/channel.ts';
import { TelegramChannel, type ChannelLogger, type TelegramChannelOptions, type TelegramLimitsInput } from '../../src/channels/telegram/index.ts';
import { FakeTelegram, type FakeTelegramOptions } from '../support/fake-telegram/index.ts';

export const FAST_LIMITS: TelegramLimitsInput = {
  perChat: { perSecond: 100, burst: 20 },
  global: { perSecond: 1000, burst: 100 },
  retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 40, rateLimitedAttempts: 5 },
  pollingRestartMs: 20,
  stopTimeoutMs: 1000,
};

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
}

export function recordingLogger(): ChannelLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (obj: object, msg?: string): void => {
    entries.push({ level, obj, msg });
  };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A short summary of an event, for the echo bot's replies. */
export function describe(m: InboundMessage): string {
  const e = m.event;
  switch (e.kind) {
    case 'text':
      return `text:${e.text}`;
    case 'choice':
      return `choice:${e.value}`;
    case 'photo':
      return `photo:${e.media.mime ?? '?'}`;
    case 'location':
      return `location:${e.lat},${e.lng}${e.label ? `:${e.label}` : ''}`;
    case 'contact':
      return `contact:${e.phone}`;
    case 'start':
      return `start:${e.payload ?? ''}`;
    case 'unsupported':
      return `unsupported:${e.what}`;
  }
}

export interface Bot {
  fake: FakeTelegram;
  channel: TelegramChannel;
  logger: ReturnType<typeof recordingLogger>;
  inbox: InboundMessage[];
  unreachable: string[];
  /** Waits until `n` InboundMessages arrived in total. */
  received(n: number, timeoutMs?: number): Promise<InboundMessage[]>;
  stop(): Promise<void>;
}

export interface BotOptions {
  fake?: FakeTelegram;
  fakeOptions?: FakeTelegramOptions;
  channel?: Partial<Omit<TelegramChannelOptions, 'logger'>>;
  /** Replaces the echo bot; the message is recorded first either way. */
  onMessage?: (m: InboundMessage, channel: TelegramChannel) => Promise<void>;
  /** Replies the echo bot sends for a message (default: one `echo: …` text). */
  reply?: (m: InboundMessage) => OutboundMessage[];
  start?: boolean;
}

export async function startBot(opts: BotOptions = {}): Promise<Bot> {
  const fake = opts.fake ?? (await FakeTelegram.start(opts.fakeOptions));
  const logger = recordingLogger();
  const inbox: InboundMessage[] = [];
  const unreachable: string[] = [];
  const waiters = new Set<() => void>();
  const channel = new TelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    logger,
    limits: FAST_LIMITS,
    onUnreachable: (chatId) => {
      unreachable.push(chatId);
    },
    ...opts.channel,
  });
  const onMessage = async (m: InboundMessage): Promise<void> => {
    inbox.push(m);
    for (const w of [...waiters]) w();
    if (opts.onMessage) return opts.onMessage(m, channel);
    await channel.send(m.chatId, opts.reply ? opts.reply(m) : [{ text: `echo: ${describe(m)}` }]);
  };
  if (opts.start ?? true) await channel.start(onMessage);
  return {
    fake,
    channel,
    logger,
    inbox,
    unreachable,
    received: (n, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (inbox.length < n) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(inbox);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${n} inbound messages; got ${inbox.length}: ${inbox.map(describe).join(' | ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      }),
    stop: async () => {
      await channel.stop();
      if (!opts.fake) await fake.close();
    },
  };
}
