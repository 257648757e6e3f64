/**
 * @module The outbox (outbox.ts) over any job queue and delivery ledger: enqueue records each
 * item in the ledger and queues the new ones; a worker claims the item, sends it through the
 * channel of that name, and records the outcome — or schedules the retry the error calls for
 * (retry-policy.ts). A chat's items are sent one at a time in the order this process picked
 * them up, so two quick status changes arrive in order.
 *
 * @example
 * const outbox = new DurableOutbox({ ...memoryDeliveryBackend(), logger });
 * outbox.register(webChannel, telegramChannel);
 * await outbox.start();
 * await outbox.enqueue([{ id: 'status:HS-7K2M-9QXD:1:web:c1', channel: 'web', chatId: 'c1', messages: [{ text: '…' }], topic: { kind: 'status', dossierCode: 'HS-7K2M-9QXD' } }]);
 */
import { randomUUID } from 'node:crypto';
import type { Channel, ChannelName } from '../channels/channel.ts';
import { isMotcuaError, MotcuaError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import { KeyQueue } from '../concurrency/key-queue.ts';
import type { DeliveryLedger } from './delivery-ledger.ts';
import type { Job, JobOutcome, JobQueue, JobQueues } from './job-queue.ts';
import type { DeliveryState, Outbox, OutboxItem, UnreachableChats } from './outbox.ts';
import { fromStored, StoredItemSchema, toStored, type StoredItem } from './outbox-item-schema.ts';
import { countedFailure, DEFAULT_RETRY, judgeFailure, sentBeforeFailure, type RetryPolicy, type Verdict } from './retry-policy.ts';

type Sender = Pick<Channel, 'name' | 'send'>;

export interface DurableOutboxOptions {
  queues: JobQueues;
  ledger: DeliveryLedger;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  channels?: Iterable<Sender>;
  retry?: Partial<RetryPolicy>;
  /** Items sent at the same time by this process (different chats). Default 64. */
  concurrency?: number;
  now?: () => Date;
  random?: () => number;
  /** Test hook: runs after `channel.send` resolved and before the send is recorded. */
  afterSend?: (item: OutboxItem) => Promise<void> | void;
}

const DONE: JobOutcome = { kind: 'done' };

export class DurableOutbox implements Outbox {
  private readonly queue: JobQueue<StoredItem>;
  private readonly channels = new Map<ChannelName, Sender>();
  private readonly order = new KeyQueue();
  private readonly ledger: DeliveryLedger;
  private readonly policy: RetryPolicy;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly log: DurableOutboxOptions['logger'];
  /** Names this process's claims, for whoever finds one abandoned. */
  private readonly workerId = randomUUID();
  private claims = 0;
  private started = false;

  constructor(private readonly opts: DurableOutboxOptions) {
    this.ledger = opts.ledger;
    this.log = opts.logger;
    this.policy = { ...DEFAULT_RETRY, ...opts.retry };
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
    this.queue = opts.queues.queue('outbox', StoredItemSchema, { concurrency: opts.concurrency ?? 64 });
    if (opts.channels) this.register(...opts.channels);
  }

  get unreachable(): UnreachableChats {
    return this.ledger.unreachable;
  }

  register(...channels: Sender[]): void {
    for (const c of channels) this.channels.set(c.name, c);
  }

  async enqueue(items: OutboxItem[]): Promise<void> {
    const unique = [...new Map(items.map((i) => [i.id, i])).values()];
    if (unique.length === 0) return;
    const at = this.now();
    const open = new Set(await this.ledger.register(unique.map((i) => ({ id: i.id, ...(i.topic.dossierCode ? { dossierCode: i.topic.dossierCode } : {}) })), at));
    await this.queue.add(unique.filter((i) => open.has(i.id)).map((i) => ({ id: i.id, data: toStored(i, at) })));
  }

  forDossier(code: string): Promise<DeliveryState[]> {
    return this.ledger.forDossier(code);
  }

  state(id: string): Promise<DeliveryState | null> {
    return this.ledger.state(id);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.queue.start((job) => this.deliver(job));
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.queue.stop();
  }

  private deliver(job: Job<StoredItem>): Promise<JobOutcome> {
    const item = fromStored(job.data);
    const chatKey = `${item.channel}:${item.chatId}`;
    return this.order.run(chatKey, () => this.attempt(item, job, chatKey));
  }

  private async attempt(item: OutboxItem, job: Job<StoredItem>, chatKey: string): Promise<JobOutcome> {
    const token = `${this.workerId}:${++this.claims}`;
    const claim = await this.ledger.claim(item.id, token, this.now());
    if (claim.kind === 'done') return DONE;
    if (claim.kind === 'uncertain') {
      this.log.warn({ item: item.id, channel: item.channel }, 'outbox: an earlier try may have sent this message and did not record it; not sending again (DELIVERY_UNCERTAIN)');
      return DONE;
    }
    const channel = this.channels.get(item.channel);
    if (!channel) return this.conclude(item, token, chatKey, countedFailure('CHANNEL_NOT_CONFIGURED', job.failures, this.policy, this.random), claim.parts);
    const rest = item.messages.slice(claim.parts);
    if (rest.length > 0) {
      // A channel that says when a request is in flight lets a try that died while waiting for
      // its turn be taken over and sent, instead of judged DELIVERY_UNCERTAIN (delivery-ledger.ts).
      // What it reports went out is kept here too, even when the store fails to record it, and
      // is never counted lower afterwards: a retry resumes after it.
      let reported = claim.parts;
      const onWire = async (on: boolean, sent: number): Promise<void> => {
        reported = Math.max(reported, claim.parts + sent);
        try {
          await this.ledger.wire(item.id, token, on, claim.parts + sent);
        } catch (e) {
          // A store that fails here stops the send: a stable code, so channels stop rather than
          // retry the request that just went out.
          throw isMotcuaError(e, 'CLAIM_LOST') ? e : new MotcuaError('STORE_UNAVAILABLE', 'the outbox could not record a send in progress', { item: item.id }, { cause: e });
        }
      };
      try {
        await channel.send(item.chatId, rest, { onWire });
      } catch (err) {
        if (isMotcuaError(err, 'CLAIM_LOST')) {
          this.log.warn({ item: item.id, channel: item.channel }, 'outbox: another worker took this item over while this one waited; leaving it to them');
          return DONE;
        }
        return this.conclude(item, token, chatKey, judgeFailure(err, job.failures, this.policy, this.random), Math.max(reported, claim.parts + sentBeforeFailure(err)));
      }
    }
    await this.opts.afterSend?.(item);
    await this.ledger.settle(item.id, token, { status: 'sent' }, chatKey, this.now());
    this.log.debug({ item: item.id, channel: item.channel, waitedMs: Date.now() - Date.parse(job.data.enqueuedAt) }, 'outbox: sent');
    return DONE;
  }

  /** Records a failed try and tells the queue whether and when to run the item again. */
  private async conclude(item: OutboxItem, token: string, chatKey: string, v: Verdict, parts: number): Promise<JobOutcome> {
    const at = this.now();
    const fields = { item: item.id, channel: item.channel };
    switch (v.kind) {
      case 'unreachable':
        await this.ledger.settle(item.id, token, { status: 'unreachable' }, chatKey, at);
        this.log.info(fields, 'outbox: chat unreachable (blocked the bot or gone); not retrying');
        return DONE;
      case 'failed':
        await this.ledger.settle(item.id, token, { status: 'failed', error: v.error, parts }, chatKey, at);
        this.log.warn({ ...fields, error: v.error }, 'outbox: delivery failed for good');
        return DONE;
      case 'retry':
        await this.ledger.settle(item.id, token, { status: 'queued', error: v.error, parts, counted: v.counted }, chatKey, at);
        this.log.info({ ...fields, error: v.error, delayMs: v.delayMs }, 'outbox: delivery will be retried');
        return { kind: 'retry', delayMs: v.delayMs, counted: v.counted };
    }
  }
}
