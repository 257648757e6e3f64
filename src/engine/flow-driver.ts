/**
 * @module Moves the procedure in progress: start it, feed it events, and act on where it
 * lands — the next question, the summary, a submitted dossier or a cancellation.
 */
import { isMotcuaError } from '../errors.ts';
import type { CompiledFlow, FlowEvent } from '../flows/compile-flow.ts';
import { REVIEW } from '../flows/compile-flow.ts';
import { vietnamDate } from '../flows/conditions.ts';
import { initialState, isCancelled, isSubmitted, sendEvent, type FlowState } from '../flows/flow-runtime.ts';
import type { Json } from '../fields/field-type.ts';
import { pick } from '../i18n/text.ts';
import { newRunId } from './new-run-id.ts';
import { buildDossier } from './submit.ts';
import { offerSubscribe } from './subscribe.ts';
import { say, tr, type Turn } from './turn.ts';

export interface ActiveFlow {
  flow: CompiledFlow;
  state: FlowState;
}

export function activeFlow(turn: Turn): ActiveFlow | null {
  const f = turn.session.flow;
  if (!f) return null;
  const flow = turn.deps.flows.get(f.id);
  // Version mismatches are migrated when the session is loaded; a missing flow ends the run there too.
  if (!flow || flow.flow.version !== f.version) return null;
  return { flow, state: f.state };
}

export function today(turn: Turn): string {
  return vietnamDate(turn.now);
}

/** Starts `flow` right after consent; the caller asks the first question. */
export function startFlow(turn: Turn, flow: CompiledFlow): void {
  turn.session.flow = {
    id: flow.flow.id,
    version: flow.flow.version,
    runId: newRunId(),
    consentAt: turn.now.toISOString(),
    state: initialState(flow, today(turn)),
  };
}

/** Media ids held by a run: photo answers and a photo step's unfinished draft. */
export function mediaOf(flow: CompiledFlow, state: FlowState): string[] {
  const ids: string[] = [];
  const collect = (v: Json | undefined): void => {
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') ids.push(x);
  };
  for (const step of flow.flow.steps) if (step.type === 'photo') collect(state.context.answers[step.id]);
  collect(state.context.draft);
  return ids;
}

/** Deletes a run's photos (cancelled, restarted, erased): nothing kept longer than needed. */
export async function discardMedia(turn: Turn, ids: string[]): Promise<void> {
  for (const id of ids) {
    try {
      await turn.deps.media.delete(id);
    } catch (e) {
      // A speculative turn that must start over (held-deps.ts) is not a failed delete.
      if (isMotcuaError(e, 'SESSION_STALE')) throw e;
      turn.deps.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not delete a photo');
    }
  }
}

/**
 * Sends `event` to the running flow. Returns false when the current state does not accept it
 * (nothing changes). Otherwise stores the new state and handles submission or cancellation;
 * the caller asks the next question when the flow is still running.
 */
export async function advance(turn: Turn, active: ActiveFlow, event: FlowEvent): Promise<boolean> {
  const next = sendEvent(active.flow, active.state, { ...event, today: today(turn) });
  const run = turn.session.flow;
  if (!next || !run) return false;
  run.state = next;
  if (isSubmitted(next)) await submitted(turn, active.flow, next, run.runId);
  else if (isCancelled(next)) {
    await discardMedia(turn, mediaOf(active.flow, active.state));
    delete turn.session.flow;
    say(turn, tr(turn, 'engine.cancelled'));
  }
  return true;
}

async function submitted(turn: Turn, flow: CompiledFlow, state: FlowState, runId: string): Promise<void> {
  const { dossier, created } = await turn.deps.store.dossiers.create(buildDossier(turn, flow, state, runId));
  delete turn.session.flow;
  turn.session.lastSubmission = { code: dossier.code, runId };
  if (created && turn.deps.onSubmitted) {
    try {
      await turn.deps.onSubmitted(dossier);
    } catch (e) {
      if (isMotcuaError(e, 'SESSION_STALE')) throw e;
      turn.deps.log.error({ code: dossier.code, err: e instanceof Error ? e.message : String(e) }, 'after-submit hook failed');
    }
  }
  const { locale } = turn.session;
  const p = flow.flow.procedure;
  const lines = [
    tr(turn, 'engine.submitted.title', { title: pick(flow.flow.title, locale), code: dossier.code }),
    tr(turn, 'engine.submitted.authority', { authority: pick(p.authority, locale) }),
    tr(turn, 'engine.submitted.time', { time: pick(p.processingTime, locale) }),
    tr(turn, 'engine.submitted.fee', { fee: pick(p.fee, locale) }),
    ...(p.inPerson ? [tr(turn, 'engine.submitted.in_person', { what: pick(p.inPerson, locale) })] : []),
    tr(turn, 'engine.submitted.track', { code: dossier.code }),
  ];
  const ward = dossier.wardCode && dossier.ward ? { code: dossier.wardCode, name: dossier.ward } : undefined;
  const offer = await offerSubscribe(turn, ward);
  say(turn, offer ? { text: `${lines.join('\n')}\n\n${offer.text}`, ...(offer.choices ? { choices: offer.choices } : {}) } : lines.join('\n'));
}

export function isReviewing(state: FlowState): boolean {
  return state.value === REVIEW;
}
