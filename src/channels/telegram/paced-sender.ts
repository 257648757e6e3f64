/**
 * @module Every Bot API call the channel makes goes through here. Sends of one chat leave in
 * call order (`inOrder`); messages are paced per chat (~1/s with a small burst) and across
 * the bot (~25/s); a 429 pauses the chat — and the whole bot when it came from a private
 * chat, where our own pacing cannot be the cause — for retry_after, then retries; network
 * errors and 5xx retry with exponential backoff and jitter; 403 marks the chat unreachable.
 * Failures surface as MotcuaError with stable codes for the outbox.
 */
import { setMaxListeners } from 'node:events';
import { MotcuaError } from '../../errors.ts';
import { BoundedMap } from './bounded-map.ts';
import { classifyError, type ApiFailure } from './classify-error.ts';
import { KeyQueue } from '../../concurrency/key-queue.ts';
import type { ChannelLogger, TelegramLimits } from './options.ts';
import { sleep } from './sleep.ts';
import { TokenBucket } from './token-bucket.ts';

/** `message` counts against per-chat and global limits, `edit` only globally, `free` not at all. */
export type CallKind = 'message' | 'edit' | 'free';

export const TOKEN_REJECTED = 'TELEGRAM_BOT_TOKEN was rejected by Telegram (401) — check it with BotFather';

export interface PacedSenderDeps {
  limits: TelegramLimits;
  logger: ChannelLogger;
  onUnreachable?: ((chatId: string) => void | Promise<void>) | undefined;
  /** For tests of the jitter. */
  random?: () => number;
}

export class PacedSender {
  private readonly chats: BoundedMap<string, TokenBucket>;
  private readonly global: TokenBucket;
  private readonly queue = new KeyQueue();
  private readonly closing = new AbortController();
  private readonly random: () => number;

  constructor(private readonly deps: PacedSenderDeps) {
    this.chats = new BoundedMap(deps.limits.maxChats);
    this.global = new TokenBucket(deps.limits.global.perSecond, deps.limits.global.burst);
    this.random = deps.random ?? Math.random;
    // Every waiting send listens for close(); thousands may wait during a broadcast.
    setMaxListeners(0, this.closing.signal);
  }

  /** Runs `task` after the chat's earlier tasks settled: a chat's messages keep their order. */
  inOrder<T>(chatId: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(chatId, task);
  }

  /**
   * One Bot API call with pacing, retries and error mapping (see the module note). `wire` hears
   * `true` right before each try goes out and `false` after a 429 (Telegram took nothing), unless
   * an earlier try of this call may have got through (a timeout, a reset, a 5xx: its request
   * may still land): the outbox's at-most-once bookkeeping (SendOptions.onWire). If it rejects,
   * nothing is sent.
   */
  async call<T>(chatId: string, method: string, kind: CallKind, fn: () => Promise<T>, wire?: (on: boolean) => Promise<void>): Promise<T> {
    const { retry, maxRetryAfterMs } = this.deps.limits;
    let failures = 0;
    let limited = 0;
    for (;;) {
      if (kind !== 'free') await this.pace(chatId, kind);
      await wire?.(true);
      this.throwIfClosed();
      try {
        return await this.withTimeout(fn(), method);
      } catch (err) {
        const f = classifyError(err);
        if (f.kind === 'rate-limited') {
          if (failures === 0) await wire?.(false);
          limited += 1;
          if (f.retryAfterMs > maxRetryAfterMs || limited >= retry.rateLimitedAttempts) {
            throw new MotcuaError('RATE_LIMITED', `Telegram asked to wait ${Math.ceil(f.retryAfterMs / 1000)} s before ${method} to chat ${chatId}`, { retryAfterMs: f.retryAfterMs, chatId, method }, { cause: err });
          }
          this.deps.logger.warn({ chatId, method, retryAfterMs: f.retryAfterMs }, 'telegram: 429, waiting retry_after');
          if (kind === 'free') await this.wait(f.retryAfterMs);
          else this.pauseFor(chatId, f.retryAfterMs);
          continue;
        }
        if (f.kind === 'transient') {
          failures += 1;
          if (failures >= retry.attempts) {
            throw new MotcuaError('DELIVERY_FAILED', `Telegram ${method} failed ${failures} times (${f.description})`, { chatId, method }, { cause: err });
          }
          const delay = this.backoff(failures);
          this.deps.logger.warn({ chatId, method, attempt: failures, delayMs: delay, reason: f.description }, 'telegram: call failed, retrying');
          await this.wait(delay);
          continue;
        }
        throw await this.fail(chatId, method, f, err);
      }
    }
  }

  /** Cancels waits in progress; later calls reject. */
  close(): void {
    this.closing.abort(new MotcuaError('DELIVERY_FAILED', 'The Telegram channel was stopped'));
  }

  /** Resolves when every queued task of every chat has settled. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private async fail(chatId: string, method: string, f: Exclude<ApiFailure, { kind: 'rate-limited' | 'transient' }>, err: unknown): Promise<MotcuaError> {
    switch (f.kind) {
      case 'unreachable':
        this.deps.logger.info({ chatId, method }, 'telegram: chat unreachable (blocked or gone)');
        try {
          await this.deps.onUnreachable?.(chatId);
        } catch (hookErr) {
          this.deps.logger.error({ chatId, err: errName(hookErr) }, 'telegram: onUnreachable hook failed');
        }
        return new MotcuaError('CHANNEL_UNREACHABLE', `Telegram chat ${chatId} is unreachable: ${f.description}`, { chatId, method }, { cause: err });
      case 'unauthorized':
        return new MotcuaError('CONFIG_INVALID', TOKEN_REJECTED, { method }, { cause: err });
      default:
        return new MotcuaError('BAD_REQUEST', `Telegram refused ${method}: ${f.description}`, { chatId, method, failure: f.kind, description: f.description }, { cause: err });
    }
  }

  private async pace(chatId: string, kind: 'message' | 'edit'): Promise<void> {
    const { perChat } = this.deps.limits;
    const bucket = kind === 'message' ? this.chats.upsert(chatId, () => new TokenBucket(perChat.perSecond, perChat.burst)) : this.chats.get(chatId);
    if (kind === 'message' && bucket) await this.wait(bucket.reserve());
    await this.wait(this.global.reserve());
    // A 429 may have paused the chat or the bot while we waited for our turn. Everyone waiting
    // would wake at the pause's end at once — a burst that earns the next 429 — so each takes a
    // fresh turn in the global bucket after the pause.
    for (let w = Math.max(bucket?.pausedFor() ?? 0, this.global.pausedFor()); w > 0; w = Math.max(bucket?.pausedFor() ?? 0, this.global.pausedFor())) {
      await this.wait(w);
      await this.wait(this.global.reserve());
    }
  }

  private pauseFor(chatId: string, ms: number): void {
    const until = Date.now() + ms;
    const { perChat } = this.deps.limits;
    this.chats.upsert(chatId, () => new TokenBucket(perChat.perSecond, perChat.burst)).pause(until);
    // Our pacing keeps private chats under Telegram's per-chat limit, so a 429 there means the
    // bot as a whole is over; in groups (20/min) it may be just that group.
    if (Number(chatId) > 0) this.global.pause(until);
  }

  private backoff(failures: number): number {
    const { baseDelayMs, maxDelayMs } = this.deps.limits.retry;
    const d = Math.min(maxDelayMs, baseDelayMs * 2 ** (failures - 1));
    // Equal jitter: never less than half the delay, so retries don't bunch up.
    return Math.round(d / 2 + (this.random() * d) / 2);
  }

  private withTimeout<T>(call: Promise<T>, method: string): Promise<T> {
    const ms = this.deps.limits.requestTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`${method} got no answer in ${ms} ms`);
        err.name = 'TimeoutError';
        reject(err);
      }, ms);
    });
    // The abandoned request ends with telegraf's own timeout; its result, if any, is ignored.
    call.catch(() => undefined);
    return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
  }

  private wait(ms: number): Promise<void> {
    return sleep(ms, this.closing.signal);
  }

  private throwIfClosed(): void {
    if (this.closing.signal.aborted) throw this.closing.signal.reason;
  }
}

/** An error's name and code for logs: never its message, which may quote what a user sent. */
export function errName(err: unknown): string {
  if (err instanceof MotcuaError) return `${err.name}:${err.code}`;
  return err instanceof Error ? err.name : typeof err;
}
