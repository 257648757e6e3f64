/**
 * @module Paces everything the bot account sends, so a burst of status pushes cannot get the
 * account rate-limited or locked: at most one call in flight, a minimum gap between two
 * messages to the same chat, a cap per minute across all chats, strict FIFO per chat (parts of
 * one reply stay in order), round-robin between chats (one busy chat cannot starve the rest),
 * a pause for the whole account on Zalo's "too many requests" (221), and jittered retries of
 * transient failures. While the account is offline nothing is sent and nothing is lost.
 */
import { MotcuaError } from '../../errors.ts';
import { fullJitterDelay, type BackoffPolicy } from './backoff.ts';
import { silentLog, type ZaloLog } from './zalo-log.ts';

export interface SendQueueOptions {
  /** Minimum gap between two calls to the same chat. */
  chatIntervalMs: number;
  /** Calls per rolling minute across all chats. */
  perMinute: number;
  /** Jobs held at most (while offline, messages wait here); beyond it enqueue fails fast. */
  maxQueued: number;
  /** Tries per job for transient failures (first try included). */
  maxAttempts?: number;
  /** Backoff for transient failures, per chat. */
  retry?: BackoffPolicy;
  /** Account-wide pause after a rate-limit error without a retry hint. */
  rateLimit?: BackoffPolicy;
  random?: () => number;
  now?: () => number;
  log?: ZaloLog;
}

type Outcome = 'sent' | 'rate_limited' | 'offline' | 'transient' | 'permanent';

interface Job {
  run: () => Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
  attempts: number;
  /** Jobs of one group (the parts of one send) after a job that failed for good are not run. */
  group?: object;
}

/** Why a job was not run: an earlier part of its send failed for good. */
export const SKIPPED_AFTER_FAILURE = 'skipped: an earlier part of the same send failed';

interface ChatLane {
  jobs: Job[];
  /** Earliest time the next call to this chat may start. */
  nextAt: number;
}

const MINUTE = 60_000;

export class SendQueue {
  private readonly opts: Required<Omit<SendQueueOptions, 'log'>>;
  private readonly log: ZaloLog;
  /** Map order is the round-robin order: a served chat moves to the back. */
  private readonly lanes = new Map<string, ChatLane>();
  private readonly sentAt: number[] = [];
  private blockedUntil = 0;
  private rateLimitStreak = 0;
  private queued = 0;
  private running = false;
  /** The job whose call is in flight. */
  private current: Job | undefined;
  private paused = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(opts: SendQueueOptions) {
    this.log = opts.log ?? silentLog;
    this.opts = {
      maxAttempts: 5,
      retry: { baseMs: 2000, capMs: 60_000 },
      rateLimit: { baseMs: 60_000, capMs: 15 * MINUTE },
      random: Math.random,
      now: Date.now,
      ...opts,
    };
  }

  /** Jobs waiting or running. */
  get pending(): number {
    return this.queued;
  }

  /**
   * Queues one platform call for `chatId`; resolves when it succeeded, rejects with its
   * MotcuaError when it failed for good, with RATE_LIMITED when the queue is full, and with
   * DELIVERY_FAILED when the queue is stopped first. Jobs given the same `group` are parts of one
   * send: once one fails for good, the group's later jobs are dropped unrun (rejected with
   * SKIPPED_AFTER_FAILURE), so a retry of the send does not repeat parts that went out after it.
   */
  enqueue(chatId: string, run: () => Promise<void>, group?: object): Promise<void> {
    if (this.stopped) return Promise.reject(new MotcuaError('DELIVERY_FAILED', 'the Zalo channel is stopped', { transient: true }));
    if (this.queued >= this.opts.maxQueued) {
      this.log.warn({ queued: this.queued }, 'zalo: send queue full; refusing a message');
      return Promise.reject(new MotcuaError('RATE_LIMITED', 'the Zalo send queue is full', { retryAfterMs: MINUTE, reason: 'queue_full' }));
    }
    return new Promise<void>((resolve, reject) => {
      let lane = this.lanes.get(chatId);
      if (!lane) {
        lane = { jobs: [], nextAt: 0 };
        this.lanes.set(chatId, lane);
      }
      lane.jobs.push({ run, resolve, reject, attempts: 0, ...(group ? { group } : {}) });
      this.queued++;
      this.pump();
    });
  }

  /** Hold everything (the account is offline); queued messages wait. */
  pause(): void {
    this.paused = true;
    this.clearTimer();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.pump();
  }

  /** Rejects every queued message; later enqueues fail. */
  stop(): void {
    this.stopped = true;
    this.clearTimer();
    const err = new MotcuaError('DELIVERY_FAILED', 'the Zalo channel stopped before the message was sent', { transient: true });
    for (const lane of this.lanes.values()) {
      // The running job (if any) settles on its own.
      const keep = this.current !== undefined && lane.jobs[0] === this.current ? 1 : 0;
      for (const job of lane.jobs.splice(keep)) job.reject(err);
    }
    this.queued = this.current ? 1 : 0;
    this.notifyIdle();
  }

  /** Resolves when nothing is queued or running (tests, graceful shutdown). */
  idle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private pump(): void {
    if (this.paused || this.running || this.stopped) return;
    this.clearTimer();
    const now = this.opts.now();
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - MINUTE) this.sentAt.shift();
    const minuteFreeAt = this.sentAt.length >= this.opts.perMinute ? (this.sentAt[0] ?? now) + MINUTE : 0;
    const accountFreeAt = Math.max(this.blockedUntil, minuteFreeAt);
    if (accountFreeAt > now) return this.wakeAt(accountFreeAt - now);

    let chosen: [string, ChatLane] | undefined;
    let earliest = Infinity;
    for (const entry of this.lanes) {
      const lane = entry[1];
      if (lane.jobs.length === 0) {
        // Forget idle chats once their gap has passed: the map stays as small as the traffic.
        if (lane.nextAt <= now) this.lanes.delete(entry[0]);
        continue;
      }
      if (lane.nextAt <= now) {
        chosen = entry;
        break;
      }
      earliest = Math.min(earliest, lane.nextAt);
    }
    if (!chosen) {
      if (earliest !== Infinity) this.wakeAt(earliest - now);
      return;
    }
    const [chatId, lane] = chosen;
    const job = lane.jobs[0];
    if (!job) return;
    this.running = true;
    this.current = job;
    job.attempts++;
    this.sentAt.push(now);
    job.run().then(
      () => this.settle(chatId, lane, job, 'sent'),
      (e: unknown) => this.settle(chatId, lane, job, classify(e), e),
    );
  }

  private settle(chatId: string, lane: ChatLane, job: Job, outcome: Outcome, error?: unknown): void {
    this.running = false;
    this.current = undefined;
    const now = this.opts.now();
    if (outcome !== 'rate_limited') {
      // Move the chat to the back of the round-robin order (a throttled message keeps its turn).
      this.lanes.delete(chatId);
      this.lanes.set(chatId, lane);
    }
    if (this.stopped && outcome !== 'sent') {
      this.fail(lane, job, error);
      return;
    }
    switch (outcome) {
      case 'sent':
        this.rateLimitStreak = 0;
        lane.nextAt = now + this.opts.chatIntervalMs;
        this.finish(lane, job, () => job.resolve());
        break;
      case 'rate_limited': {
        // The whole account is throttled, not this chat: hold everything, the job stays first.
        this.rateLimitStreak++;
        const hinted = error instanceof MotcuaError ? Number(error.details?.['retryAfterMs']) : NaN;
        const backoff = Math.max(this.opts.rateLimit.baseMs, fullJitterDelay(this.rateLimitStreak, this.opts.rateLimit, this.opts.random));
        const pause = Math.max(Number.isFinite(hinted) ? hinted : 0, backoff);
        this.blockedUntil = now + pause;
        job.attempts--; // being throttled is not the message's fault
        this.log.warn({ pauseMs: pause, streak: this.rateLimitStreak }, 'zalo: rate limited; pausing all sends');
        break;
      }
      case 'offline':
        // Not sent and not the message's fault: try again shortly (pause() usually comes first).
        job.attempts--;
        lane.nextAt = now + Math.max(this.opts.chatIntervalMs, this.opts.retry.baseMs);
        break;
      case 'transient':
        if (job.attempts >= this.opts.maxAttempts) {
          this.log.warn({ attempts: job.attempts }, 'zalo: giving up on a message after transient failures');
          this.fail(lane, job, error);
        } else {
          lane.nextAt = now + Math.max(this.opts.chatIntervalMs, fullJitterDelay(job.attempts, this.opts.retry, this.opts.random));
        }
        break;
      case 'permanent':
        lane.nextAt = now + this.opts.chatIntervalMs;
        this.fail(lane, job, error);
        break;
    }
    this.pump();
  }

  /** A job failed for good; the later jobs of its group go with it, unrun. */
  private fail(lane: ChatLane, job: Job, error: unknown): void {
    this.finish(lane, job, () => job.reject(error));
    if (!job.group) return;
    const skipped = new MotcuaError('DELIVERY_FAILED', SKIPPED_AFTER_FAILURE);
    for (const other of lane.jobs.filter((j) => j.group === job.group)) this.finish(lane, other, () => other.reject(skipped));
  }

  private finish(lane: ChatLane, job: Job, settle: () => void): void {
    const at = lane.jobs.indexOf(job);
    if (at >= 0) lane.jobs.splice(at, 1);
    this.queued = Math.max(0, this.queued - 1);
    settle();
    if (this.queued === 0) this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.queued !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private wakeAt(delayMs: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, Math.max(0, delayMs));
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Zalo surely took nothing: throttled (221) or the account offline. The job waits and runs again. */
export function surelyNotSent(e: unknown): boolean {
  const o = classify(e);
  return o === 'rate_limited' || o === 'offline';
}

function classify(e: unknown): Outcome {
  if (!(e instanceof MotcuaError)) return 'transient';
  if (e.code === 'RATE_LIMITED') return 'rate_limited';
  if (e.code === 'DELIVERY_FAILED') {
    if (e.details?.['offline'] === true) return 'offline';
    return e.details?.['transient'] === false ? 'permanent' : 'transient';
  }
  return 'permanent';
}
