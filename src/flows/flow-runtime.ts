/**
 * @module Runs a compiled flow purely: state in, event in, state out. No running actors, no
 * timers — the machine's own `transition()` on a snapshot rebuilt from the stored `{ value, context }`.
 */
import { createActor, type ActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { CANCELLED, SUBMITTED, type CompiledFlow, type FlowContext, type FlowEvent } from './compile-flow.ts';

/**
 * What a session persists of a running flow: the minimal snapshot xstate's `resolveState`
 * needs (no actors or history states exist in our machines), which keeps sessions small.
 */
export interface FlowState {
  value: string;
  context: FlowContext;
}

type Scope = ActorScope<AnyMachineSnapshot, EventObject>;
const scopes = new WeakMap<AnyStateMachine, Scope>();

/**
 * An inert actor scope, made once per machine. xstate's exported `transition()` builds a
 * whole actor for every call to get one; our machines only `assign` (applied inside the
 * transition) and spawn nothing, so one scope whose action executor ignores everything is
 * equivalent — and saves most of the per-message cost of running the machine.
 */
function scopeOf(machine: AnyStateMachine): Scope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = {
      self,
      id: '',
      sessionId: '',
      logger: () => {},
      defer: () => {},
      emit: () => {},
      system: self.system,
      stopChild: () => {},
      actionExecutor: () => {},
    };
    scopes.set(machine, scope);
  }
  return scope;
}

function toState(s: AnyMachineSnapshot): FlowState {
  if (typeof s.value !== 'string') throw new Error(`flow state must be a single state name, got ${JSON.stringify(s.value)}`);
  return { value: s.value, context: s.context as FlowContext };
}

export function initialState(flow: CompiledFlow, today: string): FlowState {
  return toState(flow.machine.getInitialSnapshot(scopeOf(flow.machine), { today }));
}

// Resolved snapshots per state value, without context. Our machines are flat (one active state,
// no children, no history), so a snapshot differs from another of the same state only in its
// context: resolving the state configuration once per value and copying the result with the
// session's context skips recomputing the state nodes, value and tags on every message.
const templates = new WeakMap<AnyStateMachine, Map<string, AnyMachineSnapshot>>();

function resolve(flow: CompiledFlow, state: FlowState): AnyMachineSnapshot {
  let byValue = templates.get(flow.machine);
  if (!byValue) templates.set(flow.machine, (byValue = new Map()));
  let template = byValue.get(state.value);
  if (!template) {
    template = flow.machine.resolveState({ value: state.value, context: {} });
    byValue.set(state.value, template);
  }
  return { ...template, context: state.context };
}

/**
 * The next state, or null when the current state does not accept the event (e.g. SKIP on a required step).
 *
 * xstate returns the very snapshot it was given when no transition is enabled (and our states at
 * rest have no eventless transitions), while every transition our machines do enable either
 * changes state or assigns context — so a fresh snapshot. Checking identity gives `can()`'s answer
 * without selecting the transitions a second time.
 */
export function sendEvent(flow: CompiledFlow, state: FlowState, event: FlowEvent): FlowState | null {
  const snapshot = resolve(flow, state);
  const next = flow.machine.transition(snapshot, event, scopeOf(flow.machine));
  return next === snapshot ? null : toState(next);
}

export function isSubmitted(state: FlowState): boolean {
  return state.value === SUBMITTED;
}

export function isCancelled(state: FlowState): boolean {
  return state.value === CANCELLED;
}
