/**
 * @module The BroadcastService (broadcast-service.ts) over the outbox: stores broadcasts
 * (memory or Redis, broadcast-repo.ts), starts each now or at its `scheduledAt`, runs one
 * BroadcastDispatcher per broadcast being delivered, and answers progress and reports from
 * the outbox ledger. A clock tick picks up scheduled broadcasts that fell due and broadcasts
 * left without a dispatcher (this process restarted, or another one died): the delivery
 * lease decides who delivers.
 *
 * @example
 * const broadcasts = new BroadcastDelivery({ repo: new MemoryBroadcastRepo(), outbox, subscriptions, media, logger, rateOf: () => 20 });
 * await broadcasts.start();
 * const b = await broadcasts.create({ text: { vi: 'Nghỉ lễ 2/9' }, segment: { topics: ['general'] } }, 'official:lan');
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ChannelName, Locale, OutboundMessage } from '../channels/channel.ts';
import { MotcuaError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { MediaStore } from '../media/media-store.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { SubscriptionStore } from '../store/store.ts';
import { countAudience, selectAudience } from './audience.ts';
import { broadcastItemId } from './broadcast-item.ts';
import { emptyProgress, toBroadcast, type StoredBroadcast } from './broadcast-record.ts';
import type { BroadcastRepo } from './broadcast-repo.ts';
import {
  BroadcastDraftSchema,
  type AudienceCount,
  type Broadcast,
  type BroadcastDraft,
  type BroadcastProgress,
  type BroadcastReportRow,
  type BroadcastService,
  type BroadcastStatus,
} from './broadcast-service.ts';
import { BroadcastDispatcher, type DispatcherDeps } from './broadcast-dispatcher.ts';
import { renderBroadcast } from './render-broadcast.ts';
import type { Segment } from './subscription.ts';

/** What the dispatchers need, except what the service decides (lease owner, clocks). */
export interface BroadcastDeliveryDeps extends Omit<DispatcherDeps, 'owner' | 'leaseMs' | 'now'> {
  /** Delivery lease (BROADCAST_LEASE_MS). Default 15 s. */
  leaseMs?: number;
  /** How often due and orphaned broadcasts are looked for. Default 1 s. */
  tickMs?: number;
  now?: () => Date;
}

/** A rate older than this is not shown as the current one (its dispatcher is gone). */
const RATE_FRESH_MS = 5000;

export class BroadcastDelivery implements BroadcastService {
  private readonly dispatchers = new Map<string, { dispatcher: BroadcastDispatcher; done: Promise<void> }>();
  private readonly owner = randomUUID();
  private readonly now: () => Date;
  private readonly log: BroadcastDeliveryDeps['logger'];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<void> | undefined;

  constructor(private readonly deps: BroadcastDeliveryDeps) {
    this.now = deps.now ?? (() => new Date());
    this.log = deps.logger;
  }

  /** Resumes what was left (restart), then watches the clock for scheduled broadcasts. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tick();
  }

  /** Stops the dispatchers of this process (the broadcasts stay as they are, for the next start). */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
    const running = [...this.dispatchers.values()];
    for (const r of running) r.dispatcher.stop();
    await Promise.all(running.map((r) => r.done));
  }

  async count(segment: Segment): Promise<AudienceCount> {
    return countAudience(await selectAudience({ subscriptions: this.deps.subscriptions, unreachable: this.deps.outbox.unreachable }, segment));
  }

  render(draft: BroadcastDraft, locale: Locale): Promise<OutboundMessage[]> {
    return renderBroadcast(draft, locale, this.deps.media);
  }

  async testSend(draft: BroadcastDraft, to: { channel: ChannelName; chatId: string; locale: Locale }, actor: string): Promise<void> {
    const valid = await this.validate(draft);
    const messages = await this.render(valid, to.locale);
    await this.deps.outbox.enqueue([{ id: `broadcast-test:${randomUUID()}`, channel: to.channel, chatId: to.chatId, messages, topic: { kind: 'test' } }]);
    this.log.info({ actor, channel: to.channel, chat: `${to.channel}:${to.chatId}` }, 'broadcast: test sent');
  }

  async create(draft: BroadcastDraft, actor: string): Promise<Broadcast> {
    const valid = await this.validate(draft);
    const at = this.now();
    const later = valid.scheduledAt !== undefined && Date.parse(valid.scheduledAt) > at.getTime();
    const id = `${at.getTime().toString(36)}${randomBytes(4).toString('hex')}`;
    const b: StoredBroadcast = {
      meta: { ...valid, id, createdBy: actor, createdAt: at.toISOString() },
      status: later ? 'scheduled' : 'sending',
      ...(later ? {} : { startedAt: at.toISOString() }),
      frozen: false,
      progress: emptyProgress(),
    };
    await this.deps.repo.insert(b);
    this.log.info({ broadcast: id, actor, segment: valid.segment, ...(later ? { scheduledAt: valid.scheduledAt } : {}) }, later ? 'broadcast: scheduled' : 'broadcast: created, starting');
    if (!later) this.launch(id);
    else this.arm();
    return toBroadcast(b);
  }

  async get(id: string): Promise<Broadcast | null> {
    const b = await this.deps.repo.get(id);
    return b ? this.withLive(b) : null;
  }

  async list(limit = 50): Promise<Broadcast[]> {
    return (await this.deps.repo.list(limit)).map((b) => this.withLive(b));
  }

  async progress(id: string): Promise<BroadcastProgress | null> {
    const b = await this.deps.repo.get(id);
    if (!b) return null;
    const live = this.dispatchers.get(id)?.dispatcher.live();
    const counts = live?.counts ?? b.progress.counts;
    const fresh = b.progress.rateAt !== undefined && this.now().getTime() - Date.parse(b.progress.rateAt) < RATE_FRESH_MS;
    const ratePerSecond = b.status === 'sending' ? (live?.ratePerSecond ?? (fresh ? b.progress.ratePerSecond : 0)) : 0;
    const etaSeconds = b.status === 'sending' && ratePerSecond > 0 ? Math.ceil(counts.remaining / ratePerSecond) : b.status === 'done' ? 0 : null;
    const handed = b.progress.lanes.reduce((n, l) => n + l.next, 0);
    const inFlight = live?.inFlight ?? (counts.remaining === 0 ? 0 : Math.max(0, handed - counts.sent - counts.failed - counts.unreachable));
    return { status: b.status, counts, ratePerSecond, etaSeconds, inFlight };
  }

  async pause(id: string, actor: string): Promise<Broadcast> {
    const b = await this.change(id, ['sending'], 'paused');
    this.log.info({ broadcast: id, actor }, 'broadcast: paused');
    // Returns once this process hands nothing more over (another process's dispatcher sees it within a second).
    await this.dispatchers.get(id)?.dispatcher.sync();
    return b;
  }

  async resume(id: string, actor: string): Promise<Broadcast> {
    const b = await this.change(id, ['paused'], 'sending');
    await this.deps.repo.setActive(id, true);
    this.log.info({ broadcast: id, actor }, 'broadcast: resumed');
    this.launch(id);
    return b;
  }

  async cancel(id: string, actor: string): Promise<Broadcast> {
    const b = await this.change(id, ['scheduled', 'sending', 'paused'], 'cancelled', { finishedAt: this.now().toISOString() });
    // Its dispatcher counts what was not handed over as cancelled once the window drained.
    await this.deps.repo.setActive(id, true);
    this.log.info({ broadcast: id, actor }, 'broadcast: cancelled');
    this.launch(id);
    await this.dispatchers.get(id)?.dispatcher.sync();
    return b;
  }

  async *report(id: string): AsyncIterable<BroadcastReportRow> {
    const b = await this.deps.repo.get(id);
    if (!b) return;
    const fallbackAt = b.finishedAt ?? b.startedAt ?? b.meta.createdAt;
    for (const lane of b.progress.lanes) {
      for (let from = 0; from < lane.total; from += 500) {
        const list = await this.deps.repo.recipients(id, lane.channel, from, Math.min(lane.total, from + 500));
        const states = await Promise.all(list.map((r) => this.deps.outbox.state(broadcastItemId(id, r.channel, r.chatId))));
        for (let i = 0; i < list.length; i++) {
          const r = list[i]!;
          const s = states[i];
          const status: BroadcastReportRow['status'] = s ? s.status : b.status === 'cancelled' ? 'cancelled' : 'queued';
          yield {
            channel: r.channel,
            chatId: r.chatId,
            locale: r.locale,
            status,
            attempts: s?.attempts ?? 0,
            updatedAt: s?.updatedAt ?? fallbackAt,
            ...(s?.error ? { error: s.error } : {}),
          };
        }
      }
    }
  }

  /** Parses the draft (BAD_REQUEST with the zod issues) and checks that its image exists. */
  private async validate(draft: BroadcastDraft): Promise<BroadcastDraft> {
    const r = BroadcastDraftSchema.safeParse(draft);
    if (!r.success) throw new MotcuaError('BAD_REQUEST', 'the broadcast is not valid', { issues: r.error.issues });
    const valid = r.data;
    if (valid.imageId && !(await this.deps.media.get(valid.imageId))) {
      throw new MotcuaError('BAD_REQUEST', 'the broadcast image was not found', { issues: [{ path: ['imageId'], message: 'image not found' }] });
    }
    return valid;
  }

  private async change(id: string, from: readonly BroadcastStatus[], to: BroadcastStatus, patch: { finishedAt?: string } = {}): Promise<Broadcast> {
    const b = await this.deps.repo.transition(id, from, to, patch);
    if (b) return this.withLive(b);
    const current = await this.deps.repo.get(id);
    if (!current) throw new MotcuaError('BAD_REQUEST', `no broadcast ${id}`, { id });
    throw new MotcuaError('TRANSITION_INVALID', `a ${current.status} broadcast cannot become ${to}`, { id, status: current.status, to });
  }

  private withLive(b: StoredBroadcast): Broadcast {
    const live = this.dispatchers.get(b.meta.id)?.dispatcher.live();
    const out = toBroadcast(b);
    return live ? { ...out, counts: live.counts } : out;
  }

  /** Runs a dispatcher for the broadcast unless this process already does (then it just looks again). */
  private launch(id: string): void {
    const existing = this.dispatchers.get(id);
    if (existing) {
      existing.dispatcher.wake();
      return;
    }
    // The dispatcher keeps its own clock (ms); the service's `now` and tick are not its business.
    const { tickMs: _tick, now: _now, leaseMs, ...shared } = this.deps;
    const deps: DispatcherDeps = { ...shared, owner: this.owner, leaseMs: leaseMs ?? 15_000 };
    const dispatcher = new BroadcastDispatcher(id, deps);
    const done = dispatcher
      .run()
      .catch((e: unknown) => this.log.error({ broadcast: id, err: e instanceof Error ? e.message : String(e) }, 'broadcast: delivery stopped by an error; retrying shortly'))
      .finally(() => {
        if (this.dispatchers.get(id)?.dispatcher === dispatcher) this.dispatchers.delete(id);
      });
    this.dispatchers.set(id, { dispatcher, done });
  }

  /** Starts due scheduled broadcasts and picks up broadcasts nobody delivers. */
  private async tick(): Promise<void> {
    const run = (async () => {
      try {
        for (const id of await this.deps.repo.active()) {
          if (!this.running) return;
          if (this.dispatchers.has(id)) continue;
          const b = await this.deps.repo.get(id);
          if (!b) {
            await this.deps.repo.setActive(id, false);
            continue;
          }
          if (b.status === 'scheduled') {
            if (b.meta.scheduledAt && Date.parse(b.meta.scheduledAt) > this.now().getTime()) continue;
            const started = await this.deps.repo.transition(id, ['scheduled'], 'sending', { startedAt: this.now().toISOString() });
            if (!started) continue;
            this.log.info({ broadcast: id }, 'broadcast: scheduled time reached, starting');
          }
          if (b.status === 'done') {
            await this.deps.repo.setActive(id, false);
            continue;
          }
          this.launch(id);
        }
      } catch (e) {
        this.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'broadcast: could not look for due broadcasts; trying again');
      }
    })();
    this.ticking = run;
    await run;
    this.arm();
  }

  private arm(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), this.deps.tickMs ?? 1000);
    this.timer.unref();
  }
}

