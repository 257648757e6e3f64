/**
 * @module The dossier status lifecycle (design.md): submitted → received → processing →
 * (supplement_requested → processing)* → result_ready → completed, or rejected (with a reason)
 * from any open state. Pure: which actions exist, which are allowed now, and the changed dossier.
 */
import { MotcuaError } from '../errors.ts';
import type { Dossier, DossierStatus } from './dossier.ts';

export type LifecycleAction = 'receive' | 'process' | 'request_supplement' | 'supplement_received' | 'result_ready' | 'complete' | 'reject';

/** Where each action leads, and from which statuses it may be taken. */
export const LIFECYCLE: Record<LifecycleAction, { from: readonly DossierStatus[]; to: DossierStatus }> = {
  receive: { from: ['submitted'], to: 'received' },
  process: { from: ['received'], to: 'processing' },
  request_supplement: { from: ['received', 'processing'], to: 'supplement_requested' },
  /** Taken by the citizen's chat (or the gateway) when the requested items arrive. */
  supplement_received: { from: ['supplement_requested'], to: 'processing' },
  result_ready: { from: ['processing'], to: 'result_ready' },
  complete: { from: ['result_ready'], to: 'completed' },
  reject: { from: ['submitted', 'received', 'processing', 'supplement_requested', 'result_ready'], to: 'rejected' },
};

export const OPEN_STATUSES: readonly DossierStatus[] = ['submitted', 'received', 'processing', 'supplement_requested', 'result_ready'];

export function allowedActions(status: DossierStatus): LifecycleAction[] {
  return (Object.keys(LIFECYCLE) as LifecycleAction[]).filter((a) => LIFECYCLE[a].from.includes(status));
}

/** The action that moves `from` to `to`, if the lifecycle has one (the gateway speaks in statuses). */
export function actionFor(from: DossierStatus, to: DossierStatus): LifecycleAction | undefined {
  return (Object.keys(LIFECYCLE) as LifecycleAction[]).find((a) => LIFECYCLE[a].to === to && LIFECYCLE[a].from.includes(from));
}

export interface TransitionInput {
  action: LifecycleAction;
  /** "official:<username>", "citizen", "gateway". */
  by: string;
  at: Date;
  /** Reason (required to reject), supplement message, pick-up details... shown to the citizen. */
  note?: string;
}

/** The dossier after `input`, with a history entry; throws TRANSITION_INVALID when not allowed now. */
export function applyTransition(d: Dossier, input: TransitionInput): Dossier {
  const rule = LIFECYCLE[input.action];
  if (!rule.from.includes(d.status)) {
    throw new MotcuaError('TRANSITION_INVALID', `cannot ${input.action} a dossier that is ${d.status}`, { code: d.code, status: d.status, action: input.action });
  }
  if (input.action === 'reject' && !input.note?.trim()) {
    throw new MotcuaError('BAD_REQUEST', 'a rejection needs a reason', { code: d.code });
  }
  const at = input.at.toISOString();
  return {
    ...d,
    status: rule.to,
    updatedAt: at,
    history: [...d.history, { at, status: rule.to, by: input.by, ...(input.note?.trim() ? { note: input.note.trim() } : {}) }],
  };
}
