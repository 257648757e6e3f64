/**
 * @module Turns a validated FlowDefinition into an xstate v5 machine. The YAML only names
 * behaviour; guards and actions are the named implementations registered with `setup()`.
 *
 * Shape: one state per step, plus transient `@after:<i>` states whose eventless transitions
 * pick the next applicable step *after* the answer is assigned (guards see the new answer),
 * a `@review` state for the summary, and the finals `@submitted` and `@cancelled`.
 * Reserved names start with "@", which step ids cannot.
 */
import { assign, setup, type AnyStateMachine } from 'xstate';
import type { Json } from '../fields/field-type.ts';
import { evaluate } from './conditions.ts';
import type { FlowDefinition, Step } from './flow-schema.ts';

export const REVIEW = '@review';
export const SUBMITTED = '@submitted';
export const CANCELLED = '@cancelled';
const START = '@start';
const after = (i: number): string => `@after:${i}`;

export interface FlowContext {
  /**
   * Answers by step id (null = skipped); may hold answers of steps no longer applicable
   * after an edit — only applicable ones reach the summary and the dossier.
   */
  answers: Record<string, Json>;
  /** Steps answered, in order, for "back". */
  trail: string[];
  /** Set while changing one answer from the summary: routing then skips answered steps. */
  editing: boolean;
  /** YYYY-MM-DD in Vietnam, stamped from each event, so conditions like olderThanDays stay pure. */
  today: string;
  /** Collected so far at a multi-photo step, or options tapped at a multiple-choice step. */
  draft: Json[];
}

type Stamp = { today?: string };
export type FlowEvent =
  | ({ type: 'ANSWER'; value: Json } & Stamp)
  | ({ type: 'DRAFT'; value: Json[] } & Stamp)
  | ({ type: 'SKIP' } & Stamp)
  | ({ type: 'BACK' } & Stamp)
  | ({ type: 'EDIT'; step: string } & Stamp)
  | ({ type: 'CONFIRM' } & Stamp)
  | ({ type: 'CANCEL' } & Stamp);

export interface CompiledFlow {
  flow: FlowDefinition;
  machine: AnyStateMachine;
  /** Steps by id, in flow order. */
  steps: ReadonlyMap<string, Step>;
  /** Index of each step id in flow order. */
  order: ReadonlyMap<string, number>;
}

/** Whether a step applies given the answers (its `when` holds, or it has none). */
export function applies(step: Step, answers: FlowContext['answers'], today: string): boolean {
  return step.when === undefined || evaluate(step.when, answers, today);
}

function buildMachine(flow: FlowDefinition): AnyStateMachine {
  const byId = new Map(flow.steps.map((s) => [s.id, s] as const));
  const stepOf = (id: string): Step => {
    const s = byId.get(id);
    if (!s) throw new Error(`unknown step ${id}`);
    return s;
  };
  const today = (context: FlowContext, event: FlowEvent): string => event.today ?? context.today;

  const logic = setup({
    types: {} as { context: FlowContext; events: FlowEvent; input: { today: string } | undefined },
    guards: {
      /** The step applies and, while editing, still needs an answer. */
      canEnter: ({ context }, params: { step: string }) =>
        applies(stepOf(params.step), context.answers, context.today) &&
        (!context.editing || context.answers[params.step] === undefined),
      trailTopIs: ({ context }, params: { step: string }) => context.trail[context.trail.length - 1] === params.step,
      isEditing: ({ context }) => context.editing,
      editTargetIs: ({ context, event }, params: { step: string }) =>
        event.type === 'EDIT' && event.step === params.step && applies(stepOf(params.step), context.answers, context.today),
    },
    actions: {
      saveAnswer: assign(({ context, event }, params: { step: string }) =>
        event.type === 'ANSWER'
          ? { answers: { ...context.answers, [params.step]: event.value }, draft: [], today: today(context, event) }
          : {},
      ),
      // A skipped step holds null, not nothing: when an edit re-routes, it is not asked again.
      skipAnswer: assign(({ context, event }, params: { step: string }) => ({
        answers: { ...context.answers, [params.step]: null },
        draft: [],
        today: today(context, event),
      })),
      saveDraft: assign(({ context, event }) => (event.type === 'DRAFT' ? { draft: event.value, today: today(context, event) } : {})),
      pushTrail: assign(({ context }, params: { step: string }) => ({ trail: [...context.trail, params.step] })),
      popTrail: assign(({ context, event }) => ({ trail: context.trail.slice(0, -1), draft: [], today: today(context, event) })),
      startEditing: assign(({ context, event }) => ({ editing: true, today: today(context, event) })),
      endEditing: assign({ editing: false, draft: [] }),
      stamp: assign(({ context, event }) => ({ today: today(context, event) })),
    },
  });

  // Eventless routing to the first applicable step after index i, else the summary.
  const route = (from: number) => [
    ...flow.steps.slice(from + 1).map((s) => ({ target: s.id, guard: { type: 'canEnter' as const, params: { step: s.id } } })),
    { target: REVIEW },
  ];

  // "Back" returns to whichever step was answered last; only earlier steps can be on the trail.
  const backFrom = (i: number) => [
    ...flow.steps.slice(0, i).map((s) => ({ target: s.id, guard: { type: 'trailTopIs' as const, params: { step: s.id } }, actions: 'popTrail' as const })),
  ];

  const states: Record<string, object> = {
    [START]: { always: route(-1) },
    [REVIEW]: {
      entry: 'endEditing',
      on: {
        CONFIRM: { target: SUBMITTED, actions: 'stamp' },
        EDIT: flow.steps.map((s) => ({ target: s.id, guard: { type: 'editTargetIs' as const, params: { step: s.id } }, actions: 'startEditing' as const })),
        BACK: backFrom(flow.steps.length),
        CANCEL: { target: CANCELLED, actions: 'stamp' },
      },
    },
    [SUBMITTED]: { type: 'final' },
    [CANCELLED]: { type: 'final' },
  };
  flow.steps.forEach((step, i) => {
    const answered = [{ type: 'pushTrail', params: { step: step.id } }];
    states[step.id] = {
      on: {
        ANSWER: { target: after(i), actions: [{ type: 'saveAnswer', params: { step: step.id } }, ...answered] },
        ...(step.optional ? { SKIP: { target: after(i), actions: [{ type: 'skipAnswer', params: { step: step.id } }, ...answered] } } : {}),
        // Answers gathered over several messages: photos, or options tapped one by one.
        ...(step.type === 'photo' || (step.type === 'choice' && step.multiple) ? { DRAFT: { actions: 'saveDraft' } } : {}),
        // While editing from the summary, "back" abandons the edit and shows the summary again.
        BACK: [{ target: REVIEW, guard: 'isEditing' }, ...backFrom(i)],
        CANCEL: { target: CANCELLED, actions: 'stamp' },
      },
    };
    states[after(i)] = { always: route(i) };
  });

  // The one place validated YAML meets xstate's generic config types.
  return logic.createMachine({
    id: flow.id,
    initial: START,
    context: ({ input }) => ({ answers: {}, trail: [], editing: false, today: input?.today ?? '1970-01-01', draft: [] }),
    states: states as any,
  });
}

// Keyed by the definition object: the registry compiles each (id, version) once at start-up,
// and tests that build their own tiny flows never collide on an id.
const cache = new WeakMap<FlowDefinition, CompiledFlow>();

/** Compiles a flow once; later calls with the same definition return the cached machine. */
export function compileFlow(flow: FlowDefinition): CompiledFlow {
  let compiled = cache.get(flow);
  if (!compiled) {
    compiled = {
      flow,
      machine: buildMachine(flow),
      steps: new Map(flow.steps.map((s) => [s.id, s])),
      order: new Map(flow.steps.map((s, i) => [s.id, i])),
    };
    cache.set(flow, compiled);
  }
  return compiled;
}
