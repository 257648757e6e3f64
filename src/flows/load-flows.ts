/**
 * @module Reads `flows/*.yaml`, validates each with FlowSchema, and reports problems as
 * `flows/khai-sinh.yaml: steps[3].type: ...` so authors can fix them without reading code.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { MotcuaError } from '../errors.ts';
import { FlowSchema, type FlowDefinition } from './flow-schema.ts';

export const DEFAULT_FLOWS_DIR = fileURLToPath(new URL('../../flows', import.meta.url));

export interface FlowProblem {
  file: string;
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

function issuesToProblems(file: string, error: z.ZodError): FlowProblem[] {
  return error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message }));
}

/** Parses one flow file's text; never throws. */
export function parseFlowText(file: string, text: string): { flow?: FlowDefinition; problems: FlowProblem[] } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    const msg = e instanceof YAMLParseError ? e.message.split('\n')[0] ?? e.message : String(e);
    return { problems: [{ file, path: '', message: `not valid YAML: ${msg}` }] };
  }
  const r = FlowSchema.safeParse(raw);
  if (!r.success) return { problems: issuesToProblems(file, r.error) };
  const expected = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  if (r.data.id !== expected) {
    return { problems: [{ file, path: 'id', message: `id "${r.data.id}" must match the file name "${expected}"` }] };
  }
  return { flow: r.data, problems: [] };
}

/** Every flow in `dir` and every problem found, file by file. */
export function readFlows(dir: string = DEFAULT_FLOWS_DIR): { flows: FlowDefinition[]; problems: FlowProblem[] } {
  const flows: FlowDefinition[] = [];
  const problems: FlowProblem[] = [];
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const shown = (f: string): string => relative(process.cwd(), join(dir, f)) || f;
  for (const f of files) {
    const r = parseFlowText(shown(f), readFileSync(join(dir, f), 'utf8'));
    if (r.flow) flows.push(r.flow);
    problems.push(...r.problems);
  }
  return { flows, problems };
}

export function formatProblem(p: FlowProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** Loads every flow or throws FLOW_INVALID listing each problem (used at start-up). */
export function loadFlows(dir: string = DEFAULT_FLOWS_DIR): FlowDefinition[] {
  const { flows, problems } = readFlows(dir);
  if (problems.length > 0) {
    throw new MotcuaError('FLOW_INVALID', `invalid flows:\n${problems.map(formatProblem).join('\n')}`, { problems });
  }
  return flows;
}
