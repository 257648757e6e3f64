/**
 * @module A session saved under a flow version that is no longer loaded is never resumed
 * blindly: answers whose step still exists with the same type (and, for choices, a value
 * still offered) carry over; the citizen is told and continues at the first open question.
 */
import type { CompiledFlow } from '../flows/compile-flow.ts';
import { REVIEW, applies } from '../flows/compile-flow.ts';
import type { Json } from '../fields/field-type.ts';
import type { Session } from './session.ts';

type RunningFlow = NonNullable<Session['flow']>;

function stillValid(flow: CompiledFlow, stepId: string, value: Json, oldTypes: ReadonlyMap<string, string> | undefined): boolean {
  const step = flow.steps.get(stepId);
  if (!step || (oldTypes && oldTypes.get(stepId) !== step.type)) return false;
  if (step.type === 'choice') {
    const offered = new Set(step.options.map((o) => o.value));
    return Array.isArray(value) ? value.every((v) => typeof v === 'string' && offered.has(v)) : typeof value === 'string' && offered.has(value);
  }
  return true;
}

/**
 * Rebuilds a run on the current version of its flow. `oldTypes` (step id → type in the old
 * version) is known only when the old definition is still around; without it, a step id
 * reused with another type would be caught by the field's display/parse on the summary.
 */
export function migrateRun(run: RunningFlow, flow: CompiledFlow, oldTypes?: ReadonlyMap<string, string>): RunningFlow {
  const answers: Record<string, Json> = {};
  for (const [id, value] of Object.entries(run.state.context.answers)) {
    if (stillValid(flow, id, value, oldTypes)) answers[id] = value;
  }
  const today = run.state.context.today;
  // Walk the new flow in order: answered steps form the trail; stop at the first open one.
  const trail: string[] = [];
  let at: string = REVIEW;
  for (const step of flow.flow.steps) {
    if (!applies(step, answers, today)) continue;
    // An optional step without an answer may have been skipped or never reached: ask it again.
    if (answers[step.id] === undefined) {
      at = step.id;
      break;
    }
    trail.push(step.id);
  }
  return {
    ...run,
    version: flow.flow.version,
    state: { value: at, context: { answers, trail, editing: false, today, draft: [] } },
  };
}
