/**
 * @module Delivers one broadcast: freezes its recipients (once), then feeds them to the outbox
 * channel by channel at the pace the channel allows, keeping a bounded window of items in
 * flight, and watches the outbox ledger until every recipient reached a final state.
 *
 * Why it feeds gradually instead of enqueuing everyone at once:
 * - pause takes effect within seconds (only the window is already in the outbox);
 * - status pushes, which share the outbox and the channels, never queue behind a broadcast;
 * - the outbox claims an item right before the platform request, not before a long wait in
 *   the channel's own rate limiter — a crash in that gap would make the delivery uncertain.
 *
 * Crash safety: before items are enqueued their positions are reserved in the stored progress
 * (`lane.next`); a dispatcher that starts (again) re-reads the ledger states of every reserved
 * recipient — final ones are counted, the others enqueued again, which the outbox ignores for
 * ids it already has. The outbox's claim makes each delivery at most once.
 */
import type { ChannelName, Locale, OutboundMessage } from '../channels/channel.ts';
import type { Logger } from '../log/logger.ts';
import type { MediaStore } from '../media/media-store.ts';
import type { DeliveryState, Outbox } from '../outbox/outbox.ts';
import type { SubscriptionStore } from '../store/store.ts';
import { selectAudience } from './audience.ts';
import { broadcastItem, broadcastItemId } from './broadcast-item.ts';
import { type Lane, type Recipient, type StoredBroadcast, type StoredProgress } from './broadcast-record.ts';
import type { BroadcastRepo } from './broadcast-repo.ts';
import type { BroadcastCounts } from './broadcast-service.ts';
import { DeliveryTally } from './delivery-tally.ts';
import { renderBroadcast } from './render-broadcast.ts';
import { SendPacer } from './send-pacer.ts';

export interface DispatcherDeps {
  repo: BroadcastRepo;
  outbox: Pick<Outbox, 'enqueue' | 'state' | 'unreachable'>;
  subscriptions: Pick<SubscriptionStore, 'list' | 'remove'>;
  media: Pick<MediaStore, 'get'>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Messages per second a broadcast may send on each channel. */
  rateOf: (channel: ChannelName) => number;
  /** Names this process's lease. */
  owner: string;
  leaseMs: number;
  /** How often in-flight items' states are read. Default 100 ms. */
  pollMs?: number;
  /** Items in flight per channel: this many seconds of its rate (at least 4). Default 2. */
  windowSeconds?: number;
  now?: () => number;
}

export interface LiveProgress {
  counts: BroadcastCounts;
  ratePerSecond: number;
  inFlight: number;
}

interface LaneRun extends Lane {
  pacer: SendPacer;
  window: number;
  inFlight: number;
  /** Prefetched recipients starting at `bufferFrom`. */
  buffer: Recipient[];
  bufferFrom: number;
}

const FINAL: ReadonlySet<DeliveryState['status']> = new Set(['sent', 'failed', 'unreachable']);
const PREFETCH = 500;
const SAVE_EVERY_MS = 500;

export class BroadcastDispatcher {
  private stopping = false;
  private woken = false;
  private synced: (() => void)[] = [];
  private wakeUp: (() => void) | undefined;
  private tally: DeliveryTally | undefined;
  private inFlight: ReadonlyMap<string, unknown> | undefined;
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly log: DispatcherDeps['logger'];
  private readonly rendered = new Map<Locale, Promise<OutboundMessage[]>>();

  constructor(
    readonly id: string,
    private readonly deps: DispatcherDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.pollMs = deps.pollMs ?? 100;
    this.log = deps.logger;
  }

  /** Something changed (paused, resumed, cancelled): look at the status now. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Resolves once the dispatcher has read the current status (or ended): after a pause, nothing more is handed over. */
  sync(): Promise<void> {
    return new Promise((resolve) => {
      this.synced.push(resolve);
      this.wake();
    });
  }

  /** Ends `run()` soon, leaving the broadcast as it is for the next process. */
  stop(): void {
    this.stopping = true;
    this.wake();
  }

  /** Counts as this dispatcher sees them (fresher than the stored progress). */
  live(): LiveProgress | undefined {
    return this.tally ? { counts: this.tally.counts(), ratePerSecond: this.tally.rate(), inFlight: this.inFlight?.size ?? 0 } : undefined;
  }

  /** Delivers until nothing is left or the status says stop; resolves without error when another process holds the lease. */
  async run(): Promise<void> {
    const { repo, owner, leaseMs } = this.deps;
    if (!(await repo.lease(this.id, owner, leaseMs))) return;
    try {
      await this.deliver();
    } finally {
      for (const done of this.synced.splice(0)) done();
      await repo.release(this.id, owner).catch(() => {});
    }
  }

  private async deliver(): Promise<void> {
    const { repo } = this.deps;
    let b = await repo.get(this.id);
    if (!b || b.status === 'scheduled' || b.status === 'done') return;
    if (!b.frozen) {
      if (b.status !== 'sending') return this.finishUnfrozen(b);
      b = await this.freeze(b);
    }
    const lanes = b.progress.lanes.map((l) => this.laneRun(l));
    const tally = new DeliveryTally(b.progress.counts.recipients, this.now);
    const inFlight = new Map<string, { lane: LaneRun; chatKey: string }>();
    await this.rescan(b, lanes, tally, inFlight);
    this.tally = tally;
    this.inFlight = inFlight;

    let status = b.status;
    let lastPoll = 0;
    let lastLease = this.now();
    let lastStatus = this.now();
    let lastSave = 0;
    let dirty = true;
    while (!this.stopping) {
      const t = this.now();
      if (t - lastLease >= this.deps.leaseMs / 3) {
        if (!(await repo.lease(this.id, this.deps.owner, this.deps.leaseMs))) {
          this.log.warn({ broadcast: this.id }, 'broadcast: delivery lease lost; another process continues');
          return;
        }
        lastLease = t;
      }
      if (t - lastStatus >= 1000 || this.woken) {
        this.woken = false;
        const waiting = this.synced.splice(0);
        status = (await repo.get(this.id))?.status ?? status;
        lastStatus = t;
        for (const done of waiting) done();
      }
      if (inFlight.size > 0 && t - lastPoll >= this.pollMs) {
        lastPoll = t;
        if (await this.poll(inFlight, tally)) dirty = true;
      }
      if (status === 'sending' && (await this.feed(lanes, inFlight, tally))) dirty = true;

      const left = lanes.some((l) => l.next < l.total);
      if (inFlight.size === 0 && (status !== 'sending' || !left)) {
        // Decide on the current status, not one read up to a second ago.
        const fresh = (await repo.get(this.id))?.status ?? status;
        if (fresh !== status) {
          status = fresh;
          continue;
        }
        if (status === 'cancelled') for (const l of lanes) tally.cancelled += l.total - l.next;
        await this.save(lanes, tally);
        if (await this.conclude(status, left, tally)) return;
        status = (await repo.get(this.id))?.status ?? status;
        continue;
      }
      if (dirty && this.now() - lastSave >= SAVE_EVERY_MS) {
        await this.save(lanes, tally);
        lastSave = this.now();
        dirty = false;
      }
      await this.sleep(this.nextWake(status, lanes, inFlight.size > 0 ? Math.max(1, this.pollMs - (this.now() - lastPoll)) : 1000));
    }
    await this.save(lanes, tally);
  }

  /** Takes the segment's subscribers now, minus unreachable chats, and writes the list once. */
  private async freeze(b: StoredBroadcast): Promise<StoredBroadcast> {
    const audience = await selectAudience({ subscriptions: this.deps.subscriptions, unreachable: this.deps.outbox.unreachable }, b.meta.segment);
    const lanes: Lane[] = [...audience].map(([channel, list]) => ({ channel, total: list.length, next: 0 }));
    const recipients = lanes.reduce((n, l) => n + l.total, 0);
    const progress: StoredProgress = {
      lanes,
      counts: { recipients, sent: 0, failed: 0, unreachable: 0, cancelled: 0, remaining: recipients },
      ratePerSecond: 0,
    };
    await this.deps.repo.freeze(this.id, audience, progress);
    this.log.info({ broadcast: this.id, recipients, byChannel: Object.fromEntries(lanes.map((l) => [l.channel, l.total])) }, 'broadcast: started, recipients frozen');
    return { ...b, frozen: true, progress };
  }

  /** Cancelled (or paused) before anyone was chosen: nothing to deliver. */
  private async finishUnfrozen(b: StoredBroadcast): Promise<void> {
    if (b.status === 'cancelled') await this.deps.repo.setActive(this.id, false);
  }

  private laneRun(l: Lane): LaneRun {
    const rate = Math.max(0.01, this.deps.rateOf(l.channel));
    // 100 ms worth: a loop turn (a save and an enqueue, a few Redis round trips) can take that
    // long on a busy machine, and tokens beyond the burst are lost; the channel's own limiter
    // spreads such a batch over about that time.
    const burst = Math.max(1, Math.ceil(rate * 0.1));
    const window = Math.max(4, Math.ceil(rate * (this.deps.windowSeconds ?? 2)));
    return { ...l, pacer: new SendPacer(rate, burst, this.now), window, inFlight: 0, buffer: [], bufferFrom: l.next };
  }

  /** Reads the ledger for every recipient already reserved: counts the finished, picks up the rest. */
  private async rescan(b: StoredBroadcast, lanes: LaneRun[], tally: DeliveryTally, inFlight: Map<string, { lane: LaneRun; chatKey: string }>): Promise<void> {
    const again: Recipient[] = [];
    for (const lane of lanes) {
      for (let from = 0; from < lane.next; from += PREFETCH) {
        const list = await this.deps.repo.recipients(this.id, lane.channel, from, Math.min(lane.next, from + PREFETCH));
        const states = await Promise.all(list.map((r) => this.deps.outbox.state(broadcastItemId(this.id, r.channel, r.chatId))));
        list.forEach((r, i) => {
          const s = states[i];
          if (s && FINAL.has(s.status)) return tally.add(s, false);
          if (!s && b.status !== 'sending') {
            // Reserved but never handed to the outbox, and the broadcast no longer sends.
            if (b.status === 'cancelled') tally.cancelled += 1;
            else again.push(r);
            return;
          }
          lane.inFlight += 1;
          inFlight.set(broadcastItemId(this.id, r.channel, r.chatId), { lane, chatKey: `${r.channel}:${r.chatId}` });
          again.push(r);
        });
      }
    }
    if (b.status === 'paused') {
      // Left for resume: only the ones the outbox knows are really in flight.
      const known = again.filter((r) => inFlight.has(broadcastItemId(this.id, r.channel, r.chatId)));
      if (known.length > 0) this.log.info({ broadcast: this.id, inFlight: known.length }, 'broadcast: paused; waiting for the messages already handed over');
      return;
    }
    if (b.status === 'sending' && again.length > 0) {
      await this.enqueue(again);
      this.log.info({ broadcast: this.id, resumed: again.length }, 'broadcast: resumed after a restart; messages not finished handed to the outbox again');
    }
  }

  /** Hands the next recipients of each lane to the outbox, as its pacer and window allow. */
  private async feed(lanes: LaneRun[], inFlight: Map<string, { lane: LaneRun; chatKey: string }>, tally: DeliveryTally): Promise<boolean> {
    const batch: { lane: LaneRun; recipients: Recipient[] }[] = [];
    for (const lane of lanes) {
      const room = Math.min(lane.window - lane.inFlight, lane.total - lane.next);
      if (room <= 0) continue;
      const n = lane.pacer.take(room);
      if (n === 0) continue;
      const recipients = await this.take(lane, n);
      batch.push({ lane, recipients });
    }
    if (batch.length === 0) return false;
    // Reserve before enqueuing: a crash in between leaves reserved recipients that the next
    // dispatcher finds without a ledger entry and enqueues — never skipped.
    for (const { lane, recipients } of batch) lane.next += recipients.length;
    await this.save(lanes, tally);
    const all = batch.flatMap((x) => x.recipients);
    for (const { lane, recipients } of batch) {
      for (const r of recipients) {
        lane.inFlight += 1;
        inFlight.set(broadcastItemId(this.id, r.channel, r.chatId), { lane, chatKey: `${r.channel}:${r.chatId}` });
      }
    }
    await this.enqueue(all);
    return true;
  }

  private async take(lane: LaneRun, n: number): Promise<Recipient[]> {
    const at = lane.next - lane.bufferFrom;
    if (at < 0 || at + n > lane.buffer.length) {
      lane.buffer = await this.deps.repo.recipients(this.id, lane.channel, lane.next, Math.min(lane.total, lane.next + Math.max(n, PREFETCH)));
      lane.bufferFrom = lane.next;
      return lane.buffer.slice(0, n);
    }
    return lane.buffer.slice(at, at + n);
  }

  private async enqueue(recipients: Recipient[]): Promise<void> {
    const b = await this.meta();
    const items = await Promise.all(recipients.map(async (r) => broadcastItem(this.id, r, await this.messages(b, r.locale))));
    await this.deps.outbox.enqueue(items);
  }

  private metaCache: StoredBroadcast['meta'] | undefined;

  private async meta(): Promise<StoredBroadcast['meta']> {
    if (!this.metaCache) {
      const b = await this.deps.repo.get(this.id);
      if (!b) throw new Error(`broadcast ${this.id} vanished`);
      this.metaCache = b.meta;
    }
    return this.metaCache;
  }

  private messages(meta: StoredBroadcast['meta'], locale: Locale): Promise<OutboundMessage[]> {
    let m = this.rendered.get(locale);
    if (!m) this.rendered.set(locale, (m = renderBroadcast(meta, locale, this.deps.media)));
    return m;
  }

  /** Reads the states of the items in flight; returns true when any finished. */
  private async poll(inFlight: Map<string, { lane: LaneRun; chatKey: string }>, tally: DeliveryTally): Promise<boolean> {
    const ids = [...inFlight.keys()];
    const states = await Promise.all(ids.map((id) => this.deps.outbox.state(id)));
    let changed = false;
    for (let i = 0; i < ids.length; i++) {
      const s = states[i];
      const id = ids[i]!;
      if (!s || !FINAL.has(s.status)) continue;
      const entry = inFlight.get(id)!;
      inFlight.delete(id);
      entry.lane.inFlight -= 1;
      tally.add(s, true);
      changed = true;
      if (s.status === 'unreachable') await this.unsubscribe(entry.chatKey);
    }
    return changed;
  }

  /** A chat that blocked the bot no longer wants the ward's guidance (issue 8: opt-out is automatic). */
  private async unsubscribe(chatKey: string): Promise<void> {
    try {
      if (await this.deps.subscriptions.remove(chatKey)) this.log.info({ broadcast: this.id, chat: chatKey }, 'broadcast: chat unreachable; subscription removed');
    } catch (e) {
      this.log.warn({ broadcast: this.id, chat: chatKey, err: e instanceof Error ? e.name : typeof e }, 'broadcast: could not remove the subscription of an unreachable chat');
    }
  }

  private async save(lanes: LaneRun[], tally: DeliveryTally): Promise<void> {
    await this.deps.repo.saveProgress(this.id, {
      lanes: lanes.map(({ channel, total, next }) => ({ channel, total, next })),
      counts: tally.counts(),
      ratePerSecond: tally.rate(),
      rateAt: new Date(this.now()).toISOString(),
    });
  }

  /** Records the end of this run; false when the status changed meanwhile and delivery goes on. */
  private async conclude(status: StoredBroadcast['status'], left: boolean, tally: DeliveryTally): Promise<boolean> {
    const { repo } = this.deps;
    const counts = tally.counts();
    switch (status) {
      case 'sending': {
        if (left) return false;
        const done = await repo.transition(this.id, ['sending'], 'done', { finishedAt: new Date(this.now()).toISOString() });
        if (!done) return false;
        await repo.setActive(this.id, false);
        this.log.info({ broadcast: this.id, ...counts }, 'broadcast: done');
        return true;
      }
      case 'cancelled':
        await repo.setActive(this.id, false);
        this.log.info({ broadcast: this.id, ...counts }, 'broadcast: cancelled; recipients not yet handed over will not get it');
        return true;
      case 'paused': {
        await repo.setActive(this.id, false);
        // A resume between reading the status and leaving the active set would otherwise be
        // lost: it made the broadcast active before we removed it.
        if ((await repo.get(this.id))?.status !== 'paused') {
          await repo.setActive(this.id, true);
          return false;
        }
        this.log.info({ broadcast: this.id, ...counts }, 'broadcast: paused; nothing in flight');
        return true;
      }
      default:
        return true;
    }
  }

  /** How long to sleep: until the next poll, or the next token of a lane with room. */
  private nextWake(status: StoredBroadcast['status'], lanes: LaneRun[], untilPoll: number): number {
    let ms = untilPoll;
    if (status === 'sending') {
      for (const l of lanes) if (l.next < l.total && l.inFlight < l.window) ms = Math.min(ms, Math.max(1, l.pacer.waitMs()));
    }
    return Math.min(ms, 1000);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
