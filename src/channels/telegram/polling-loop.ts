/**
 * @module Runs telegraf's long polling and keeps it running. telegraf's loop ends on any
 * error it does not retry itself (409 when another instance polls, a thrown handler, a bad
 * answer): this restarts it with backoff. A revoked token (401) stops it for good. stop() is
 * fast: telegraf aborts the pending getUpdates; we retry stop() because telegraf throws
 * "Bot is not running!" until launch() has created its poller (telegraf#2003).
 */
import type { Telegraf } from 'telegraf';
import { classifyError } from './classify-error.ts';
import type { ChannelLogger } from './options.ts';
import { errName, TOKEN_REJECTED } from './paced-sender.ts';
import { sleep } from './sleep.ts';
import { ALLOWED_UPDATES } from './update-schema.ts';

const MAX_RESTART_MS = 30_000;
/** A loop that ran this long was healthy: the next failure starts the backoff afresh. */
const HEALTHY_MS = 60_000;

export class PollingLoop {
  private stopping = false;
  private readonly cancel = new AbortController();
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly bot: Telegraf,
    private readonly opts: { restartMs: number; logger: ChannelLogger },
  ) {}

  start(): void {
    this.done = this.run();
  }

  /** Stops polling; waits at most `timeoutMs` for the update batch in hand to finish. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.cancel.abort();
    const deadline = Date.now() + timeoutMs;
    let finished = false;
    void this.done.then(() => (finished = true));
    while (!finished && Date.now() < deadline) {
      try {
        this.bot.stop('motcua: channel stopped');
      } catch {
        // Not running yet (or any more): try again until the loop has ended.
      }
      await Promise.race([this.done, sleep(25)]);
    }
    if (!finished) this.opts.logger.warn({ timeoutMs }, 'telegram: long polling did not stop in time');
  }

  private async run(): Promise<void> {
    let delay = this.opts.restartMs;
    while (!this.stopping) {
      const began = Date.now();
      try {
        await this.bot.launch({ allowedUpdates: [...ALLOWED_UPDATES], dropPendingUpdates: false });
        if (this.stopping) return;
        this.opts.logger.warn({}, 'telegram: long polling ended unexpectedly, restarting');
      } catch (err) {
        if (this.stopping) return;
        const f = classifyError(err);
        if (f.kind === 'unauthorized') {
          this.opts.logger.error({}, `${TOKEN_REJECTED}; Telegram long polling stopped`);
          return;
        }
        this.opts.logger.warn({ err: errName(err), reason: 'description' in f ? f.description : f.kind, restartInMs: delay }, 'telegram: long polling failed, restarting');
      }
      if (Date.now() - began > HEALTHY_MS) delay = this.opts.restartMs;
      try {
        await sleep(delay, this.cancel.signal);
      } catch {
        return;
      }
      delay = Math.min(MAX_RESTART_MS, Math.max(1, delay) * 2);
    }
  }
}
