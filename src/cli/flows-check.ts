/**
 * @module `motcua flows check`: validates every flow file, compiles it, explores every path,
 * and checks the catalogue as a whole. Exit 1 on any problem, each named by file and path.
 */
import { checkFlow, sharedExamples } from '../flows/check-flow.ts';
import { DEFAULT_FLOWS_DIR, formatProblem, readFlows } from '../flows/load-flows.ts';

export function runFlowsCheck(out: NodeJS.WritableStream, dir: string = process.env.FLOWS_DIR ?? DEFAULT_FLOWS_DIR): number {
  const { flows, problems } = readFlows(dir);
  const lines = problems.map(formatProblem);
  for (const flow of flows) {
    const started = performance.now();
    const r = checkFlow(flow);
    const ms = Math.round(performance.now() - started);
    if (r.problems.length === 0) out.write(`ok   ${flow.id}@${flow.version}: ${flow.steps.length} steps, ${r.states} states explored (${ms} ms)\n`);
    lines.push(...r.problems.map((p) => `flows/${flow.id}.yaml: ${p}`));
  }
  lines.push(...sharedExamples(flows));
  if (flows.length === 0 && problems.length === 0) lines.push(`no flows found in ${dir}`);
  for (const l of lines) out.write(`FAIL ${l}\n`);
  out.write(lines.length === 0 ? `all ${flows.length} flows are valid and complete\n` : `${lines.length} problem(s)\n`);
  return lines.length === 0 ? 0 : 1;
}
