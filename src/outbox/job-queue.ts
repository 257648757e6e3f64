/**
 * @module The durable job queue under the outbox, the HTTP gateway and the dossier service's
 * safety net: jobs keyed by id (adding an id that is waiting or running is a no-op), a handler
 * that says whether a job is done or should run again later, and a failure count that only
 * grows when the handler says the failure counts (a 429 that is waited out does not).
 * BullMQ on Redis (bull-job-queues.ts) or timers in this process (memory-job-queue.ts).
 */
import type { z } from 'zod';

export interface Job<T> {
  id: string;
  data: T;
  /** Counted failures before this run (0 on the first). */
  failures: number;
}

export type JobOutcome = { kind: 'done' } | { kind: 'retry'; delayMs: number; counted: boolean };

export type JobHandler<T> = (job: Job<T>) => Promise<JobOutcome>;

export interface NewJob<T> {
  id: string;
  data: T;
  /** Runs no sooner than this many ms from now. */
  delayMs?: number;
}

export interface JobQueue<T> {
  /** Durable when it resolves. An id that is waiting, delayed or running is not added again. */
  add(jobs: readonly NewJob<T>[]): Promise<void>;
  /** Removes a job that has not started (no-op when it is running or gone). */
  remove(id: string): Promise<void>;
  /** Starts running jobs through `handler`; call once. */
  start(handler: JobHandler<T>): Promise<void>;
  /** Stops taking jobs and waits for the running ones. */
  stop(): Promise<void>;
}

export interface QueueOptions {
  /** Jobs run at the same time by this process. */
  concurrency: number;
}

/** Makes named queues on one backend; `schema` parses job data read back from storage. */
export interface JobQueues {
  readonly kind: 'memory' | 'redis';
  queue<T>(name: string, schema: z.ZodType<T>, opts: QueueOptions): JobQueue<T>;
  /** Closes connections the backend opened (after every queue was stopped). */
  close(): Promise<void>;
}

/** The backoff a queue applies when a handler throws instead of answering (a bug): 1 s doubling to 5 min. */
export function fallbackDelay(failures: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.min(failures, 20));
}
