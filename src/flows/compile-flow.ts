/**
 * @module Turns a validated FlowDefinition into an xstate v5 machine. The YAML only names
 * behaviour; guards and actions are the named implementations registered with `setup()`.
 *
 * Shape: one state per step, whose ANSWER and SKIP transitions go straight to the next
 * applicable step (their guards read the answer being saved, as if it were already assigned),
 * a transient `@start` that routes to the first applicable step, a `@review` state for the
 * summary, and the finals `@submitted` and `@cancelled`. Reserved names start with "@", which
 * step ids cannot.
 */
import { assign, setup, type AnyStateMachine } from 'xstate';
import type { Json } from '../fields/field-type.ts';
import { evaluate, type Saving } from './conditions.ts';
import type { FlowDefinition, Step } from './flow-schema.ts';

export const REVIEW = '@review';
export const SUBMITTED = '@submitted';
export const CANCELLED = '@cancelled';
const START = '@start';

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

/** Whether a step applies given the answers (and one being saved, if any): its `when` holds, or it has none. */
export function applies(step: Step, answers: FlowContext['answers'], today: string, saving?: Saving): boolean {
  return step.when === undefined || evaluate(step.when, answers, today, saving);
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
      /**
       * `canEnter` as it will read once this ANSWER or SKIP of `params.answered` is saved: the
       * answer (null for a skip) overlays the others and the event's date stamps today. Lets
       * one transition do what an assign followed by eventless routing did, in one microstep.
       */
      canEnterAfter: ({ context, event }, params: { step: string; answered: string }) => {
        const saving = { step: params.answered, value: event.type === 'ANSWER' ? event.value : null };
        if (!applies(stepOf(params.step), context.answers, today(context, event), saving)) return false;
        return !context.editing || (params.step === saving.step ? saving.value : context.answers[params.step]) === undefined;
      },
      trailTopIs: ({ context }, params: { step: string }) => context.trail[context.trail.length - 1] === params.step,
      isEditing: ({ context }) => context.editing,
      editTargetIs: ({ context, event }, params: { step: string }) =>
        event.type === 'EDIT' && event.step === params.step && applies(stepOf(params.step), context.answers, context.today),
    },
    actions: {
      // Saving an answer also puts its step on the trail ("back" returns to it): one assign, so
      // one context and snapshot per answer.
      saveAnswer: assign(({ context, event }, params: { step: string }) =>
        event.type === 'ANSWER'
          ? { answers: { ...context.answers, [params.step]: event.value }, draft: [], today: today(context, event), trail: [...context.trail, params.step] }
          : { trail: [...context.trail, params.step] },
      ),
      // A skipped step holds null, not nothing: when an edit re-routes, it is not asked again.
      skipAnswer: assign(({ context, event }, params: { step: string }) => ({
        answers: { ...context.answers, [params.step]: null },
        draft: [],
        today: today(context, event),
        trail: [...context.trail, params.step],
      })),
      saveDraft: assign(({ context, event }) => (event.type === 'DRAFT' ? { draft: event.value, today: today(context, event) } : {})),
      popTrail: assign(({ context, event }) => ({ trail: context.trail.slice(0, -1), draft: [], today: today(context, event) })),
      startEditing: assign(({ context, event }) => ({ editing: true, today: today(context, event) })),
      endEditing: assign({ editing: false, draft: [] }),
      stamp: assign(({ context, event }) => ({ today: today(context, event) })),
    },
  });

  // Eventless routing to the first applicable step, else the summary.
  const route = () => [...flow.steps.map((s) => ({ target: s.id, guard: { type: 'canEnter' as const, params: { step: s.id } } })), { target: REVIEW }];

  // Answering (or skipping) step i: saved and put on the trail, then on to the first step after
  // it that applies given the new answer, else the summary.
  const answerRoute = (i: number, save: 'saveAnswer' | 'skipAnswer') => {
    const answered = flow.steps[i]!.id;
    const actions = [{ type: save, params: { step: answered } }];
    return [
      ...flow.steps.slice(i + 1).map((s) => ({ target: s.id, guard: { type: 'canEnterAfter' as const, params: { step: s.id, answered } }, actions })),
      { target: REVIEW, actions },
    ];
  };

  // "Back" returns to whichever step was answered last; only earlier steps can be on the trail.
  const backFrom = (i: number) => [
    ...flow.steps.slice(0, i).map((s) => ({ target: s.id, guard: { type: 'trailTopIs' as const, params: { step: s.id } }, actions: 'popTrail' as const })),
  ];

  const states: Record<string, object> = {
    [START]: { always: route() },
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
    states[step.id] = {
      on: {
        ANSWER: answerRoute(i, 'saveAnswer'),
        ...(step.optional ? { SKIP: answerRoute(i, 'skipAnswer') } : {}),
        // Answers gathered over several messages: photos, or options tapped one by one.
        ...(step.type === 'photo' || (step.type === 'choice' && step.multiple) ? { DRAFT: { actions: 'saveDraft' } } : {}),
        // While editing from the summary, "back" abandons the edit and shows the summary again.
        BACK: [{ target: REVIEW, guard: 'isEditing' }, ...backFrom(i)],
        CANCEL: { target: CANCELLED, actions: 'stamp' },
      },
    };
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
