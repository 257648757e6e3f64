/**
 * @module Runs a compiled flow purely: state in, event in, state out. No actors, no timers —
 * xstate's `transition()` on a snapshot rebuilt from the stored `{ value, context }`.
 */
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { CANCELLED, SUBMITTED, type CompiledFlow, type FlowContext, type FlowEvent } from './compile-flow.ts';

/**
 * What a session persists of a running flow: the minimal snapshot xstate's `resolveState`
 * needs (no actors or history states exist in our machines), which keeps sessions small.
 */
export interface FlowState {
  value: string;
  context: FlowContext;
}

function toState(s: AnyMachineSnapshot): FlowState {
  if (typeof s.value !== 'string') throw new Error(`flow state must be a single state name, got ${JSON.stringify(s.value)}`);
  return { value: s.value, context: s.context as FlowContext };
}

export function initialState(flow: CompiledFlow, today: string): FlowState {
  const [snapshot] = initialTransition(flow.machine, { today });
  return toState(snapshot);
}

function resolve(flow: CompiledFlow, state: FlowState): AnyMachineSnapshot {
  return flow.machine.resolveState({ value: state.value, context: state.context });
}

/** The next state, or null when the current state does not accept the event (e.g. SKIP on a required step). */
export function sendEvent(flow: CompiledFlow, state: FlowState, event: FlowEvent): FlowState | null {
  const snapshot = resolve(flow, state);
  if (!snapshot.can(event)) return null;
  const [next] = transition(flow.machine, snapshot, event);
  return toState(next);
}

export function isSubmitted(state: FlowState): boolean {
  return state.value === SUBMITTED;
}

export function isCancelled(state: FlowState): boolean {
  return state.value === CANCELLED;
}
