/** @module `motcua classify`: intent of each stdin line as one JSON line (contract in design.md). */
import { loadFlows } from '../flows/load-flows.ts';
import { runClassify } from './classify.ts';

export async function runClassifyCommand(): Promise<number> {
  await runClassify(process.stdin, process.stdout, loadFlows(process.env.FLOWS_DIR || undefined));
  return 0;
}
