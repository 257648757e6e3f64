/** @module The durable outbox (re-exports only). */
export * from './outbox.ts';
export * from './durable-outbox.ts';
export * from './delivery-backend.ts';
export type { DeliveryLedger } from './delivery-ledger.ts';
export type { Job, JobHandler, JobOutcome, JobQueue, JobQueues } from './job-queue.ts';
export { DEFAULT_RETRY, backoffDelay, type RetryPolicy } from './retry-policy.ts';
