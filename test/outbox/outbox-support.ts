/**
 * @module Test kit for the outbox and the dossier service: a channel that records what it was
 * asked to send and fails on demand with the channel contract's errors, a dossier factory,
 * the status-message context, fast retry settings and a polling wait.
 */
import type { Channel, ChannelName, OutboundMessage, SendOptions } from '../../src/channels/channel.ts';
import type { ChatIdentity, Dossier } from '../../src/dossiers/dossier.ts';
import type { StatusMessageContext } from '../../src/dossiers/status-message.ts';
import { newTrackingCode } from '../../src/dossiers/tracking-code.ts';
import { MotcuaError } from '../../src/errors.ts';
import { translator } from '../../src/i18n/locales.ts';
import type { RetryPolicy } from '../../src/outbox/retry-policy.ts';

export const FAST_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 80 };

export const MESSAGES: StatusMessageContext = {
  t: translator(),
  procedureTitle: (_id, locale) => (locale === 'vi' ? 'Đăng ký khai sinh' : 'Birth registration'),
};

export interface Sent {
  chatId: string;
  messages: OutboundMessage[];
  at: number;
}

interface FailRule {
  error: () => Error;
  remaining: number;
  chatId?: string;
}

/** A channel that records sends and throws the errors real channels throw, when told to. */
export class RecordingChannel implements Pick<Channel, 'name' | 'send'> {
  readonly sent: Sent[] = [];
  readonly tries: { chatId: string; at: number }[] = [];
  private rules: FailRule[] = [];

  constructor(readonly name: ChannelName) {}

  fail(error: () => Error, opts: { times?: number; chatId?: string } = {}): void {
    this.rules.push({ error, remaining: opts.times ?? 1, ...(opts.chatId ? { chatId: opts.chatId } : {}) });
  }

  /** Runs at the start of each send with the caller's options (a test stands in for the wait for a turn, a crash...). */
  beforeSend: ((opts: SendOptions) => Promise<void>) | undefined;

  async send(chatId: string, messages: OutboundMessage[], opts: SendOptions = {}): Promise<void> {
    this.tries.push({ chatId, at: Date.now() });
    await this.beforeSend?.(opts);
    const rule = this.rules.find((r) => r.remaining > 0 && (r.chatId === undefined || r.chatId === chatId));
    if (rule) {
      rule.remaining -= 1;
      throw rule.error();
    }
    this.sent.push({ chatId, messages, at: Date.now() });
  }

  to(chatId: string): string[] {
    return this.sent.filter((s) => s.chatId === chatId).flatMap((s) => s.messages.map((m) => m.text));
  }
}

export const transient = (): MotcuaError => new MotcuaError('DELIVERY_FAILED', 'HTTP 502');
export const rateLimited = (ms: number): (() => MotcuaError) => () => new MotcuaError('RATE_LIMITED', 'slow down', { retryAfterMs: ms });
export const blocked = (): MotcuaError => new MotcuaError('CHANNEL_UNREACHABLE', 'blocked');

/** A dossier just submitted from `submitter`, followed by `followers`. */
export function sampleDossier(submitter: ChatIdentity, followers: ChatIdentity[] = [], at = new Date('2026-11-20T02:00:00Z')): Dossier {
  const iso = at.toISOString();
  return {
    code: newTrackingCode(),
    submissionKey: `run-${Math.random().toString(36).slice(2)}`,
    procedureId: 'khai-sinh',
    procedureVersion: 1,
    answers: { child_name: 'Nguyễn Văn An' },
    photos: [],
    applicant: { name: 'Nguyễn Thị Lan' },
    submitter: { channel: submitter.channel, chatId: submitter.chatId, userId: submitter.chatId, self: true },
    notify: [submitter, ...followers],
    status: 'submitted',
    history: [{ at: iso, status: 'submitted', by: 'citizen' }],
    amendments: [],
    followers: followers.map((f) => ({ ...f, since: iso })),
    submittedAt: iso,
    updatedAt: iso,
  };
}

export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
