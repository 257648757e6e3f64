/**
 * @module The job queue on Redis with BullMQ. Connections copy the app's ioredis settings
 * (`client.duplicate`): one shared by every queue and worker for commands, plus the blocking
 * one each worker opens itself. A retry is `moveToDelayed` + DelayedError, so BullMQ's own
 * attempt counter is not involved; the failure count travels in the job data. A worker that
 * dies leaves its job locked until the lock expires; the stalled-job check then hands it to
 * another worker (the outbox's claim keeps that from sending twice).
 */
import { DelayedError, Queue, Worker, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../log/logger.ts';
import { fallbackDelay, type JobHandler, type JobOutcome, type JobQueue, type JobQueues, type NewJob, type QueueOptions } from './job-queue.ts';

export interface BullQueuesOptions {
  /** The app's client; its connection settings (host, auth, TLS, db) are reused. */
  client: Redis;
  /** The app's key prefix ("motcua:"): BullMQ keys become `<prefix>bull:<queue>:…`. */
  prefix: string;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** How long a job stays locked to a worker that stopped renewing it (died). Default 30 s. */
  lockDurationMs?: number;
  /** How often workers look for such jobs. Default 30 s. */
  stalledIntervalMs?: number;
}

/** BullMQ refuses ':' in custom ids; ours are full of them. Reversible, readable in redis-cli. */
export function encodeJobId(id: string): string {
  return id.replaceAll('%', '%25').replaceAll(':', '%3A');
}

export function decodeJobId(jobId: string): string {
  return jobId.replaceAll('%3A', ':').replaceAll('%25', '%');
}

class BullJobQueue<T> implements JobQueue<T> {
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private readonly envelope: z.ZodType<{ p: T; f: number }>;

  constructor(
    private readonly name: string,
    schema: z.ZodType<T>,
    private readonly opts: QueueOptions & Required<Omit<BullQueuesOptions, 'client'>> & { connection: Redis },
  ) {
    this.envelope = z.object({ p: schema, f: z.number().int().min(0) });
    this.queue = new Queue(name, { connection: opts.connection, prefix: `${opts.prefix}bull` });
    this.queue.on('error', (err) => opts.logger.warn({ queue: name, err: err.message }, 'outbox: queue connection error'));
  }

  async add(jobs: readonly NewJob<T>[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(
      jobs.map((j) => ({
        name: this.name,
        data: { p: j.data, f: 0 },
        opts: {
          jobId: encodeJobId(j.id),
          ...(j.delayMs && j.delayMs > 0 ? { delay: j.delayMs } : {}),
          // The outbox's own ledger remembers what was delivered; finished jobs need not stay.
          removeOnComplete: true,
          removeOnFail: { count: 1000 },
        },
      })),
    );
  }

  async remove(id: string): Promise<void> {
    await this.queue.remove(encodeJobId(id));
  }

  async start(handler: JobHandler<T>): Promise<void> {
    const o = this.opts;
    const worker = new Worker(this.name, (job, token) => this.process(job, token, handler), {
      connection: o.connection,
      prefix: `${o.prefix}bull`,
      concurrency: o.concurrency,
      autorun: false,
      lockDuration: o.lockDurationMs,
      stalledInterval: o.stalledIntervalMs,
      // A job whose worker died comes back; it is the claim, not this count, that prevents a resend.
      maxStalledCount: 5,
    });
    worker.on('error', (err) => o.logger.warn({ queue: this.name, err: err.message }, 'outbox: worker error'));
    this.worker = worker;
    worker.run().catch((err: unknown) => o.logger.error({ queue: this.name, err: err instanceof Error ? err.message : String(err) }, 'outbox: worker stopped'));
    await worker.waitUntilReady();
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }

  private async process(job: BullJob, token: string | undefined, handler: JobHandler<T>): Promise<void> {
    const parsed = this.envelope.safeParse(job.data);
    if (!parsed.success || job.id === undefined) {
      // Written by another version or corrupted: it cannot be delivered as it is; keep it for inspection.
      this.opts.logger.error({ queue: this.name, job: job.id }, 'outbox: unreadable job moved to failed');
      throw new Error('unreadable job data');
    }
    const { p, f } = parsed.data;
    let outcome: JobOutcome;
    try {
      outcome = await handler({ id: decodeJobId(job.id), data: p, failures: f });
    } catch (err) {
      this.opts.logger.error({ queue: this.name, job: job.id, err: err instanceof Error ? err.name : typeof err }, 'outbox: handler threw; retrying later');
      outcome = { kind: 'retry', delayMs: fallbackDelay(f), counted: true };
    }
    if (outcome.kind === 'done') return;
    // Data as stored (not re-serialised from the parsed form), with the new failure count.
    const raw = z.object({ p: z.unknown() }).parse(job.data);
    if (outcome.counted) await job.updateData({ p: raw.p, f: f + 1 });
    await job.moveToDelayed(Date.now() + outcome.delayMs, token);
    throw new DelayedError();
  }
}

/** Queues on Redis; `close()` after stopping every queue. */
export function bullJobQueues(opts: BullQueuesOptions): JobQueues {
  // Blocking commands need maxRetriesPerRequest: null (BullMQ insists); a plain ioredis client, not the app's tick-batched one.
  const connection = opts.client.duplicate({ maxRetriesPerRequest: null, enableAutoPipelining: false });
  connection.on('error', (err: Error) => opts.logger.warn({ err: err.message }, 'outbox: Redis connection error'));
  const shared = {
    connection,
    prefix: opts.prefix,
    logger: opts.logger,
    lockDurationMs: opts.lockDurationMs ?? 30_000,
    stalledIntervalMs: opts.stalledIntervalMs ?? 30_000,
  };
  return {
    kind: 'redis',
    queue: <T>(name: string, schema: z.ZodType<T>, q: QueueOptions): JobQueue<T> => new BullJobQueue<T>(name, schema, { ...shared, ...q }),
    close: async () => {
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
