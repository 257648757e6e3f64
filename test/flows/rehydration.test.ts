/**
 * Save and restore (after XState's rehydration tests): for every flow, walk a path, and at every
 * step stringify the stored state, restore it — through our runtime and through a real xstate
 * actor started from the persisted snapshot — and continue. Both must agree at every step.
 */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { compileFlow, REVIEW, SUBMITTED, type FlowEvent } from '../../src/flows/compile-flow.ts';
import { initialState, sendEvent, type FlowState } from '../../src/flows/flow-runtime.ts';
import type { Step } from '../../src/flows/flow-schema.ts';
import { loadFlows } from '../../src/flows/load-flows.ts';
import type { Json } from '../../src/fields/field-type.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';

const TODAY = '2026-06-15';

function answerFor(step: Step, i: number): Json {
  switch (step.type) {
    case 'choice':
      return step.multiple ? [step.options[i % step.options.length]!.value] : step.options[i % step.options.length]!.value;
    case 'yesno':
      return i % 2 === 0;
    case 'date':
      return i % 2 === 0 ? TODAY : '2025-01-01';
    case 'number':
      return step.min ?? 1;
    case 'photo':
      return ['media-1'];
    case 'location':
      return { lat: 10.77, lng: 106.7 };
    case 'address':
      return { text: '1 Lê Lợi, Phường Sài Gòn', ward: 'Phường Sài Gòn' };
    default:
      return 'x';
  }
}

describe.each([...loadFlows(), ...loadFlows(FIXTURE_FLOWS)].map((f) => [f.id, f] as const))('%s', (_id, def) => {
  it.each([0, 1, 2])('restores from JSON at every step and continues identically (variant %i)', (variant) => {
    const flow = compileFlow(def);
    let state: FlowState = initialState(flow, TODAY);
    for (let n = 0; n < 200 && state.value !== SUBMITTED; n++) {
      const step = flow.steps.get(state.value);
      // Now and then go back, skip or edit, to cover those transitions after a restore too.
      const event: FlowEvent =
        state.value === REVIEW
          ? n % 5 === 0 && variant > 0 ? { type: 'EDIT', step: def.steps[0]!.id } : { type: 'CONFIRM' }
          : step?.optional && (n + variant) % 3 === 0 ? { type: 'SKIP' }
            : n % 7 === 3 && variant === 2 ? { type: 'BACK' }
              : { type: 'ANSWER', value: answerFor(step!, n + variant) };
      const stored = JSON.parse(JSON.stringify(state)) as FlowState;
      const ours = sendEvent(flow, stored, { ...event, today: TODAY });
      const actor = createActor(flow.machine, { snapshot: flow.machine.resolveState({ value: stored.value, context: stored.context }) }).start();
      actor.send({ ...event, today: TODAY });
      const theirs = actor.getSnapshot();
      actor.stop();
      if (ours === null) {
        expect(theirs.value).toBe(stored.value);
        continue;
      }
      expect(ours.value).toBe(theirs.value);
      expect(ours.context).toEqual(theirs.context);
      state = ours;
    }
    expect(state.value).toBe(SUBMITTED);
  });
});
