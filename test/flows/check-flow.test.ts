/** The flow checker finds what authors get wrong, naming the step. */
import { describe, expect, it } from 'vitest';
import { checkFlow, sharedExamples } from '../../src/flows/check-flow.ts';
import type { FlowDefinition } from '../../src/flows/flow-schema.ts';
import { loadFlows } from '../../src/flows/load-flows.ts';
import { FIXTURE_FLOWS } from '../support/fixtures.ts';

const mini = (): FlowDefinition => structuredClone(loadFlows(FIXTURE_FLOWS)[0]!);

describe('flows check', () => {
  it('passes the fixture flow', () => {
    const r = checkFlow(mini());
    expect(r.problems).toEqual([]);
    expect(r.states).toBeGreaterThan(10);
  });

  it('reports a step no answer can reach', () => {
    const f = mini();
    const reason = f.steps.find((s) => s.id === 'reason')!;
    reason.when = { all: [{ field: 'has_doc', eq: true }, { field: 'has_doc', eq: false }] };
    expect(checkFlow(f).problems).toContainEqual(expect.stringMatching(/reason.*unreachable/));
  });

  it('reports a condition comparing with a value the step never gives', () => {
    const f = mini();
    f.steps.find((s) => s.id === 'relationship')!.when = { field: 'filer', eq: 'relatve' };
    const problems = checkFlow(f).problems;
    expect(problems).toContainEqual(expect.stringMatching(/compares filer with "relatve"/));
    expect(problems).toContainEqual(expect.stringMatching(/relationship.*unreachable/));
  });

  it('reports duplicate option values and examples shared between flows', () => {
    const f = mini();
    const sex = f.steps.find((s) => s.id === 'sex');
    if (sex?.type !== 'choice') throw new Error('fixture changed');
    sex.options[1]!.value = 'male';
    expect(checkFlow(f).problems).toContainEqual(expect.stringMatching(/option value "male" appears twice/));
    const other = { ...mini(), id: 'other', examples: ['Thủ tục thử nghiệm!'] };
    expect(sharedExamples([mini(), other])).toEqual(['example "thu tuc thu nghiem" appears in both mini and other']);
  });
});
