/**
 * @module The job queue for the memory store: the same semantics as the BullMQ one (ids
 * deduplicated while a job waits or runs, delayed retries, a concurrency limit) with timers
 * in this process. Nothing survives a restart — neither does anything else in the memory store.
 */
import { fallbackDelay, type JobHandler, type JobOutcome, type JobQueue, type JobQueues, type NewJob, type QueueOptions } from './job-queue.ts';

interface Entry<T> {
  id: string;
  data: T;
  failures: number;
  running: boolean;
  timer?: NodeJS.Timeout;
}

export class MemoryJobQueue<T> implements JobQueue<T> {
  private readonly jobs = new Map<string, Entry<T>>();
  private readonly ready: Entry<T>[] = [];
  private running = 0;
  private handler: JobHandler<T> | undefined;
  private stopped = false;
  private readonly drained = new Set<() => void>();

  constructor(private readonly opts: QueueOptions) {}

  async add(jobs: readonly NewJob<T>[]): Promise<void> {
    for (const j of jobs) {
      if (this.jobs.has(j.id)) continue;
      const entry: Entry<T> = { id: j.id, data: j.data, failures: 0, running: false };
      this.jobs.set(j.id, entry);
      if (j.delayMs && j.delayMs > 0) this.later(entry, j.delayMs);
      else this.ready.push(entry);
    }
    this.pump();
  }

  async remove(id: string): Promise<void> {
    const entry = this.jobs.get(id);
    if (!entry || entry.running) return;
    clearTimeout(entry.timer);
    const i = this.ready.indexOf(entry);
    if (i >= 0) this.ready.splice(i, 1);
    this.jobs.delete(id);
  }

  async start(handler: JobHandler<T>): Promise<void> {
    this.handler = handler;
    this.stopped = false;
    this.pump();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const e of this.jobs.values()) clearTimeout(e.timer);
    if (this.running > 0) await new Promise<void>((resolve) => this.drained.add(resolve));
  }

  /** Jobs waiting, delayed or running (tests). */
  get size(): number {
    return this.jobs.size;
  }

  private later(entry: Entry<T>, ms: number): void {
    // Unref'd: pending retries alone must not keep a finished process (a test, the CLI) alive.
    entry.timer = setTimeout(() => {
      delete entry.timer;
      this.ready.push(entry);
      this.pump();
    }, ms);
    entry.timer.unref();
  }

  private pump(): void {
    const handler = this.handler;
    while (handler && !this.stopped && this.running < this.opts.concurrency) {
      const entry = this.ready.shift();
      if (!entry) return;
      void this.run(entry, handler);
    }
  }

  private async run(entry: Entry<T>, handler: JobHandler<T>): Promise<void> {
    this.running += 1;
    entry.running = true;
    let outcome: JobOutcome;
    try {
      outcome = await handler({ id: entry.id, data: entry.data, failures: entry.failures });
    } catch {
      outcome = { kind: 'retry', delayMs: fallbackDelay(entry.failures), counted: true };
    }
    entry.running = false;
    this.running -= 1;
    if (outcome.kind === 'done') this.jobs.delete(entry.id);
    else {
      if (outcome.counted) entry.failures += 1;
      if (this.stopped) this.jobs.delete(entry.id);
      else this.later(entry, outcome.delayMs);
    }
    if (this.running === 0 && this.stopped) {
      for (const done of this.drained) done();
      this.drained.clear();
    }
    this.pump();
  }
}

export function memoryJobQueues(): JobQueues {
  return {
    kind: 'memory',
    queue: <T>(_name: string, _schema: unknown, opts: QueueOptions): JobQueue<T> => new MemoryJobQueue<T>(opts),
    close: async () => {},
  };
}
