/**
 * @module Every change of a dossier's status goes through here — the console's actions, the
 * citizen's supplement in chat, a back office's status update: an atomic read-modify-write of
 * the dossier (lifecycle.ts), then one push per chat in `dossier.notify` through the outbox
 * (status-pushes.ts), then the `onStatusChanged` listeners (the HTTP gateway, the engine).
 *
 * The store and the outbox are two writes. So that a crash between them cannot lose the pushes,
 * each change first queues a delayed "recovery" job; when the pushes are queued it is removed,
 * and if it ever runs it finds the change in the history and announces it again — which
 * enqueues nothing new when the pushes were already queued, since their ids are derived from
 * the change.
 *
 * @example
 * const service = new DossierService({ dossiers: store.dossiers, outbox, messages, logger, queues });
 * service.onStatusChanged(({ dossier, entry }) => gateway.statusChanged(dossier, entry));
 * await service.transition('HS-7K2M-9QXD', { action: 'receive', by: 'official:lan', at: new Date() });
 */
import { z } from 'zod';
import { MotcuaError, isMotcuaError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { JobOutcome, JobQueue, JobQueues } from '../outbox/job-queue.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { DossierStore } from '../store/store.ts';
import { DossierStatusSchema, type Dossier, type DossierStatus, type HistoryEntry } from './dossier.ts';
import { actionFor, applyTransition, LIFECYCLE, type TransitionInput } from './lifecycle.ts';
import type { StatusMessageContext } from './status-message.ts';
import { statusPushes } from './status-pushes.ts';
import { applySupplement, type SupplementAnswers } from './supplement.ts';

export interface StatusChange {
  /** The dossier after the change. */
  dossier: Dossier;
  /** Index of the new entry in `dossier.history`. */
  index: number;
  entry: HistoryEntry;
  from: DossierStatus;
}

export type StatusListener = (change: StatusChange) => void | Promise<void>;

/** A status reported by an external back office (POST /api/gateway/status). */
export interface ExternalStatus {
  status: DossierStatus;
  message?: string;
  /** For supplement_requested: the steps the citizen's chat should ask again (optional). */
  steps?: string[];
  at: Date;
}

export interface DossierServiceDeps {
  dossiers: DossierStore;
  outbox: Pick<Outbox, 'enqueue'>;
  messages: StatusMessageContext;
  logger: Pick<Logger, 'warn' | 'error'>;
  /** Where the recovery jobs go; without it a crash between the two writes can lose a change's pushes. */
  queues?: JobQueues;
  /** How long a change has to get its pushes queued before the recovery job re-announces it. Default 60 s. */
  recoveryDelayMs?: number;
}

const RecoveryJob = z.object({ code: z.string(), at: z.string(), status: DossierStatusSchema, by: z.string() });
type RecoveryJob = z.infer<typeof RecoveryJob>;

/** Thrown inside a store update to leave the dossier untouched: this status was applied already. */
class AlreadyApplied extends Error {
  constructor(readonly dossier: Dossier) {
    super('already applied');
  }
}

function withoutSupplement(d: Dossier): Dossier {
  const { supplement: _closed, ...rest } = d;
  return rest;
}

export class DossierService {
  private readonly listeners = new Set<StatusListener>();
  private readonly recovery: JobQueue<RecoveryJob> | undefined;
  private readonly recoveryDelayMs: number;

  constructor(private readonly deps: DossierServiceDeps) {
    this.recovery = deps.queues?.queue('dossier-recovery', RecoveryJob, { concurrency: 4 });
    this.recoveryDelayMs = deps.recoveryDelayMs ?? 60_000;
  }

  /** Subscribes to every status change (after its pushes were queued); returns the unsubscribe. */
  onStatusChanged(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A lifecycle action (console, tests). Throws DOSSIER_NOT_FOUND, TRANSITION_INVALID (not
   * allowed from the current status) or BAD_REQUEST (a rejection without a reason).
   */
  async transition(code: string, input: TransitionInput): Promise<Dossier> {
    return (await this.change(code, input.at, LIFECYCLE[input.action].to, input.by, (d) => this.applyAction(d, input))).dossier;
  }

  /** Officials ask for missing items: the chat will ask exactly `steps` again, with `message`. */
  async requestSupplement(code: string, input: { steps: string[]; message: string; by: string; at: Date }): Promise<Dossier> {
    const steps = [...new Set(input.steps)];
    const message = input.message.trim();
    if (steps.length === 0 || !message) throw new MotcuaError('BAD_REQUEST', 'a supplement request needs at least one step and a message', { code });
    return (await this.change(code, input.at, 'supplement_requested', input.by, (d) => this.withSupplement(d, steps, message, input.by, input.at))).dossier;
  }

  /**
   * The citizen answered a supplement request in chat (the engine's DossierActions): the answers
   * are applied and the dossier returns to processing; followers hear about it. Null when the
   * dossier is gone or has no open request any more.
   */
  async completeSupplement(code: string, input: SupplementAnswers): Promise<Dossier | null> {
    try {
      return (await this.change(code, input.at, 'processing', input.by, (d) => applySupplement(d, input))).dossier;
    } catch (e) {
      if (isMotcuaError(e, 'DOSSIER_NOT_FOUND') || isMotcuaError(e, 'TRANSITION_INVALID')) return null;
      throw e;
    }
  }

  /**
   * A back office reports a status. The same status with the same time, already applied, is a
   * replay: `applied` is false and nothing is sent again. Throws like `transition`.
   */
  async applyExternalStatus(code: string, s: ExternalStatus): Promise<{ dossier: Dossier; applied: boolean }> {
    const by = 'gateway';
    const at = s.at.toISOString();
    try {
      const { dossier } = await this.change(code, s.at, s.status, by, (d) => {
        if (d.history.some((h) => h.by === by && h.status === s.status && h.at === at)) throw new AlreadyApplied(d);
        if (s.status === 'supplement_requested' && s.steps && s.steps.length > 0) {
          return this.withSupplement(d, [...new Set(s.steps)], s.message?.trim() ?? '', by, s.at);
        }
        const action = actionFor(d.status, s.status);
        if (!action) {
          throw new MotcuaError('TRANSITION_INVALID', `a dossier that is ${d.status} cannot become ${s.status}`, { code, status: d.status, to: s.status });
        }
        return this.applyAction(d, { action, by, at: s.at, ...(s.message?.trim() ? { note: s.message.trim() } : {}) });
      });
      return { dossier, applied: true };
    } catch (e) {
      if (e instanceof AlreadyApplied) return { dossier: e.dossier, applied: false };
      throw e;
    }
  }

  /** Starts the recovery worker (a no-op without queues). */
  async start(): Promise<void> {
    await this.recovery?.start((job) => this.recover(job.data));
  }

  async stop(): Promise<void> {
    await this.recovery?.stop();
  }

  private applyAction(d: Dossier, input: TransitionInput): Dossier {
    const next = applyTransition(d, input);
    // Leaving supplement_requested by any way (answered, received at the desk, rejected) closes the request.
    return d.status === 'supplement_requested' ? withoutSupplement(next) : next;
  }

  private withSupplement(d: Dossier, steps: string[], message: string, by: string, at: Date): Dossier {
    if (!message) throw new MotcuaError('BAD_REQUEST', 'a supplement request needs a message', { code: d.code });
    return {
      ...applyTransition(d, { action: 'request_supplement', by, at, note: message }),
      supplement: { steps, message, requestedAt: at.toISOString(), by },
    };
  }

  /** Writes the change, queues its pushes, tells the listeners; a recovery job covers a crash in between. */
  private async change(code: string, at: Date, to: DossierStatus, by: string, apply: (d: Dossier) => Dossier): Promise<StatusChange> {
    const guard: RecoveryJob = { code, at: at.toISOString(), status: to, by };
    const guardId = `recover:${code}:${at.getTime()}:${to}`;
    await this.recovery?.add([{ id: guardId, data: guard, delayMs: this.recoveryDelayMs }]);
    let from: DossierStatus | undefined;
    let dossier: Dossier | null;
    try {
      dossier = await this.deps.dossiers.update(code, (d) => {
        from = d.status;
        return apply(d);
      });
      if (!dossier) throw new MotcuaError('DOSSIER_NOT_FOUND', `no dossier ${code}`, { code });
    } catch (e) {
      await this.dropGuard(guardId);
      throw e;
    }
    const index = dossier.history.length - 1;
    const change: StatusChange = { dossier, index, entry: dossier.history[index]!, from: from ?? dossier.status };
    try {
      await this.announce(change);
    } catch (e) {
      // The change is made; the guard stays and announces it once the outbox is reachable again.
      this.deps.logger.error({ code, err: e instanceof Error ? e.name : typeof e }, 'dossiers: pushes not queued yet; the recovery job will retry');
      return change;
    }
    await this.dropGuard(guardId);
    return change;
  }

  private async announce(change: StatusChange): Promise<void> {
    const { dossier: d, index } = change;
    // A change the citizen made in their chat was answered there already; only followers are told.
    const skip = change.entry.by === 'citizen' ? { channel: d.submitter.channel, chatId: d.submitter.chatId } : undefined;
    await this.deps.outbox.enqueue(statusPushes(d, index, this.deps.messages, skip ? { skip } : {}));
    for (const listener of this.listeners) {
      try {
        await listener(change);
      } catch (e) {
        this.deps.logger.error({ code: d.code, err: e instanceof Error ? e.name : typeof e }, 'dossiers: a status listener failed');
      }
    }
  }

  private async dropGuard(id: string): Promise<void> {
    // Best effort: a guard left behind only re-announces, which changes nothing.
    await this.recovery?.remove(id).catch(() => undefined);
  }

  /** The recovery job: announce the change again if it happened (idempotent), else nothing. */
  private async recover(job: RecoveryJob): Promise<JobOutcome> {
    const d = await this.deps.dossiers.get(job.code);
    const index = d ? d.history.findIndex((h) => h.at === job.at && h.status === job.status && h.by === job.by) : -1;
    if (d && index > 0) {
      this.deps.logger.warn({ code: d.code, index }, 'dossiers: re-announcing a status change whose pushes were not confirmed');
      await this.announce({ dossier: d, index, entry: d.history[index]!, from: d.history[index - 1]!.status });
    }
    return { kind: 'done' };
  }
}
