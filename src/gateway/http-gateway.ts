/**
 * @module The HTTP gateway: each new dossier is POSTed to GATEWAY_URL as JSON (gateway-payload.ts),
 * signed (gateway-signature.ts) with `Idempotency-Key: <code>`, from a durable queue, retried
 * with backoff and jitter until the back office answers 2xx — however long it is down. A
 * citizen's supplement is POSTed the same way (`event: "supplemented"`, key `<code>:<index>`).
 * Delivery is at least once: a receiver must treat a repeated Idempotency-Key as done.
 * On start, dossiers of the last week still "submitted" and never accepted are queued again,
 * which covers a crash between saving a dossier and queuing its POST.
 */
import { z } from 'zod';
import type { Dossier } from '../dossiers/dossier.ts';
import type { StatusChange } from '../dossiers/dossier-service.ts';
import type { Logger } from '../log/logger.ts';
import type { DeliveryLedger } from '../outbox/delivery-ledger.ts';
import type { Job, JobOutcome, JobQueue, JobQueues } from '../outbox/job-queue.ts';
import { backoffDelay, type RetryPolicy } from '../outbox/retry-policy.ts';
import type { DossierStore } from '../store/store.ts';
import type { Gateway } from './gateway.ts';
import { gatewayPayload } from './gateway-payload.ts';
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './gateway-signature.ts';
import type { PhotoLinks } from './photo-links.ts';

const PostJob = z.object({ code: z.string(), event: z.enum(['submitted', 'supplemented']), index: z.number().int().min(0) });
type PostJob = z.infer<typeof PostJob>;

export interface HttpGatewayOptions {
  url: string;
  secret: string;
  queues: JobQueues;
  ledger: DeliveryLedger;
  dossiers: DossierStore;
  links: PhotoLinks;
  /** Our status endpoint as the back office should call it. */
  statusUrl: () => string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Backoff between tries; there is no last try. Default 2 s doubling to 10 min. */
  retry?: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>;
  timeoutMs?: number;
  now?: () => Date;
  /** How far back the start-up sweep looks for dossiers never accepted. Default 7 days. */
  sweepDays?: number;
}

const jobId = (j: PostJob): string => `gateway:${j.code}:${j.event}:${j.index}`;

export class HttpGateway implements Gateway {
  readonly kind = 'http' as const;
  private readonly queue: JobQueue<PostJob>;
  private readonly policy: RetryPolicy;
  private readonly now: () => Date;

  constructor(private readonly opts: HttpGatewayOptions) {
    this.queue = opts.queues.queue('gateway', PostJob, { concurrency: 8 });
    this.policy = { maxAttempts: Number.POSITIVE_INFINITY, baseDelayMs: 2000, maxDelayMs: 10 * 60_000, ...opts.retry };
    this.now = opts.now ?? (() => new Date());
  }

  async submitted(d: Dossier): Promise<void> {
    await this.post([{ code: d.code, event: 'submitted', index: 0 }]);
  }

  async statusChanged(change: StatusChange): Promise<void> {
    // The back office drives the other statuses itself; what it cannot know is the citizen's new answers.
    if (change.entry.by === 'citizen' && change.from === 'supplement_requested') {
      await this.post([{ code: change.dossier.code, event: 'supplemented', index: change.index }]);
    }
  }

  async start(): Promise<void> {
    await this.queue.start((job) => this.deliver(job));
    const since = new Date(this.now().getTime() - (this.opts.sweepDays ?? 7) * 86_400_000).toISOString();
    const waiting = await this.opts.dossiers.list({ status: 'submitted', submittedFrom: since, limit: 1000 });
    await this.post(waiting.map((d) => ({ code: d.code, event: 'submitted' as const, index: 0 })));
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  /** Queues the POSTs not yet accepted (the ledger remembers accepted ones for as long as the outbox's). */
  private async post(jobs: PostJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const open = new Set(await this.opts.ledger.register(jobs.map((j) => ({ id: jobId(j) })), this.now()));
    await this.queue.add(jobs.filter((j) => open.has(jobId(j))).map((j) => ({ id: jobId(j), data: j })));
  }

  private async deliver(job: Job<PostJob>): Promise<JobOutcome> {
    const { code, event, index } = job.data;
    const d = await this.opts.dossiers.get(code);
    // Erased meanwhile ("delete my data"): nothing left to send.
    if (!d) return { kind: 'done' };
    const now = this.now();
    const body = JSON.stringify(gatewayPayload(d, event, this.opts.links, this.opts.statusUrl(), now));
    const timestamp = String(Math.floor(now.getTime() / 1000));
    let status = 0;
    try {
      const res = await fetch(this.opts.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'motcua-gateway/1',
          'idempotency-key': event === 'submitted' ? code : `${code}:${index}`,
          'x-motcua-event': event,
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signBody(this.opts.secret, timestamp, body),
        },
        body,
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
    } catch {
      status = 0;
    }
    if (status >= 200 && status < 300) {
      await this.opts.ledger.markSent(jobId(job.data), this.now());
      this.opts.logger.info({ code, event, tries: job.failures + 1 }, 'gateway: dossier accepted by the back office');
      return { kind: 'done' };
    }
    const delayMs = backoffDelay(job.failures + 1, this.policy);
    this.opts.logger.warn({ code, event, httpStatus: status || 'no answer', tries: job.failures + 1, delayMs }, 'gateway: back office did not accept the dossier; retrying');
    return { kind: 'retry', delayMs, counted: true };
  }
}
