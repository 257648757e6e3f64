/**
 * @module Proves mechanically that a flow can be completed: explores its compiled machine
 * with xstate's graph utilities (states serialised by value plus the answers conditions read,
 * so the search stays small but every branch is seen), then reports unreachable steps, dead
 * ends that cannot reach submission, conditions comparing against values a step never
 * produces, and example utterances shared between flows.
 */
import { getAdjacencyMap, type AdjacencyValue } from 'xstate/graph';
import type { AnyMachineSnapshot } from 'xstate';
import { fold } from '../nlu/fold.ts';
import type { Json } from '../fields/field-type.ts';
import { CANCELLED, REVIEW, SUBMITTED, compileFlow, type FlowContext, type FlowEvent } from './compile-flow.ts';
import { conditionFields, type Condition, type FlowDefinition, type Step } from './flow-schema.ts';

/** A fixed "today" for exploration; date answers are generated relative to it. */
const TODAY = '2026-06-15';

function daysBefore(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

function walk(c: Condition, visit: (leaf: Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>) => void): void {
  if ('all' in c) c.all.forEach((x) => walk(x, visit));
  else if ('any' in c) c.any.forEach((x) => walk(x, visit));
  else if ('not' in c) walk(c.not, visit);
  else visit(c);
}

/**
 * Values worth trying for a step: for a choice, each option some condition names plus one it
 * doesn't (the others behave alike); both booleans; dates and numbers either side of each threshold.
 */
function sampleValues(step: Step, thresholds: Map<string, number[]>, mentioned: Map<string, Set<Json>>): Json[] {
  const t = thresholds.get(step.id) ?? [];
  switch (step.type) {
    case 'choice': {
      const named = mentioned.get(step.id) ?? new Set<Json>();
      const values = step.options.map((o) => o.value);
      const picked = [...values.filter((v) => named.has(v)), ...values.filter((v) => !named.has(v)).slice(0, 1)];
      return picked.map((v) => (step.multiple ? [v] : v));
    }
    case 'yesno':
      return [true, false];
    case 'date':
      return [TODAY, ...t.map((n) => daysBefore(TODAY, n + 1))];
    case 'number':
      return [step.min ?? 1, ...t.flatMap((n) => [n - 1, n + 1])];
    case 'photo':
      return [['m1']];
    case 'location':
      return [{ lat: 10.77, lng: 106.7 }];
    case 'address':
      return [{ text: '1 Lê Lợi, Phường Sài Gòn' }];
    default:
      return ['x'];
  }
}

/** Values a step can produce, to check that conditions compare against something real. */
function producible(step: Step): ((v: Json) => boolean) | null {
  switch (step.type) {
    case 'choice':
      return (v) => typeof v === 'string' && step.options.some((o) => o.value === v);
    case 'yesno':
      return (v) => typeof v === 'boolean';
    case 'number':
      return (v) => typeof v === 'number';
    default:
      return null;
  }
}

export interface FlowCheck {
  problems: string[];
  /** Distinct states the exploration visited. */
  states: number;
}

export function checkFlow(flow: FlowDefinition): FlowCheck {
  const problems: string[] = [];
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const conditionFieldSet = new Set<string>();
  const thresholds = new Map<string, number[]>();
  const mentioned = new Map<string, Set<Json>>();

  flow.steps.forEach((step, i) => {
    if (step.type === 'choice') {
      const values = step.options.map((o) => o.value);
      const dup = values.find((v, j) => values.indexOf(v) !== j);
      if (dup) problems.push(`steps[${i}] (${step.id}): option value "${dup}" appears twice`);
    }
    if (!step.when) return;
    for (const f of conditionFields(step.when)) conditionFieldSet.add(f);
    walk(step.when, (leaf) => {
      const target = byId.get(leaf.field);
      if (!target) return;
      const ok = producible(target);
      const compared: Json[] = 'eq' in leaf ? [leaf.eq] : 'ne' in leaf ? [leaf.ne] : 'in' in leaf ? leaf.in : 'notIn' in leaf ? leaf.notIn : 'includes' in leaf ? [leaf.includes] : [];
      for (const v of compared) {
        if (!mentioned.has(leaf.field)) mentioned.set(leaf.field, new Set());
        mentioned.get(leaf.field)!.add(v);
        if (ok && !ok(v)) problems.push(`steps[${i}] (${step.id}): "when" compares ${leaf.field} with ${JSON.stringify(v)}, a value that step never gives`);
      }
      if ('olderThanDays' in leaf) {
        if (target.type !== 'date') problems.push(`steps[${i}] (${step.id}): olderThanDays needs a date step, ${leaf.field} is ${target.type}`);
        thresholds.set(leaf.field, [...(thresholds.get(leaf.field) ?? []), leaf.olderThanDays]);
      }
      if ('gt' in leaf || 'lt' in leaf) {
        if (target.type !== 'number') problems.push(`steps[${i}] (${step.id}): gt/lt need a number step, ${leaf.field} is ${target.type}`);
        thresholds.set(leaf.field, [...(thresholds.get(leaf.field) ?? []), 'gt' in leaf ? leaf.gt : leaf.lt]);
      }
    });
  });

  const { machine } = compileFlow(flow);
  const relevant = [...conditionFieldSet].sort();
  const serializeState = (s: AnyMachineSnapshot): string => {
    const ctx = s.context as FlowContext;
    return JSON.stringify([s.value, ctx.editing, relevant.map((f) => ctx.answers[f] ?? null)]);
  };
  const events = (s: AnyMachineSnapshot): FlowEvent[] => {
    const value = String(s.value);
    if (value === REVIEW) return [{ type: 'CONFIRM' }, { type: 'CANCEL' }];
    const step = byId.get(value);
    if (!step) return [];
    return [
      ...sampleValues(step, thresholds, mentioned).map((v): FlowEvent => ({ type: 'ANSWER', value: v })),
      ...(step.optional ? [{ type: 'SKIP' } as FlowEvent] : []),
      { type: 'CANCEL' },
    ];
  };
  const adjacency = getAdjacencyMap(machine, { serializeState, events, input: { today: TODAY }, limit: 200_000 });

  const reachedValues = new Set<string>();
  const reverse = new Map<string, Set<string>>();
  const nodes = Object.entries(adjacency) as [string, AdjacencyValue<AnyMachineSnapshot, FlowEvent>][];
  for (const [key, node] of nodes) {
    reachedValues.add(String(node.state.value));
    for (const t of Object.values(node.transitions)) {
      const to = serializeState(t.state);
      if (!reverse.has(to)) reverse.set(to, new Set());
      reverse.get(to)!.add(key);
    }
  }
  flow.steps.forEach((s, i) => {
    if (!reachedValues.has(s.id)) problems.push(`steps[${i}] (${s.id}): unreachable — no sequence of answers leads to this question`);
  });
  for (const v of [REVIEW, SUBMITTED, CANCELLED]) if (!reachedValues.has(v)) problems.push(`the ${v.slice(1)} state is unreachable`);

  // Every reachable state must be able to reach submission (no dead ends).
  const canSubmit = new Set<string>();
  const queue = nodes.filter(([, n]) => String(n.state.value) === SUBMITTED).map(([k]) => k);
  for (const k of queue) canSubmit.add(k);
  while (queue.length > 0) {
    const k = queue.pop()!;
    for (const from of reverse.get(k) ?? []) if (!canSubmit.has(from)) (canSubmit.add(from), queue.push(from));
  }
  const stuck = new Set<string>();
  for (const [key, node] of nodes) {
    const v = String(node.state.value);
    if (v !== CANCELLED && !canSubmit.has(key)) stuck.add(v);
  }
  for (const v of stuck) problems.push(`from "${v}" no path reaches submission`);
  return { problems, states: nodes.length };
}

/** Example utterances that appear (folded) in more than one flow confuse intent detection. */
export function sharedExamples(flows: readonly FlowDefinition[]): string[] {
  const owner = new Map<string, string>();
  const problems: string[] = [];
  for (const f of flows) {
    for (const ex of new Set(f.examples.map(fold))) {
      const other = owner.get(ex);
      if (other && other !== f.id) problems.push(`example "${ex}" appears in both ${other} and ${f.id}`);
      else owner.set(ex, f.id);
    }
  }
  return problems;
}
