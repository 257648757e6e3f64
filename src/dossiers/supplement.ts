/**
 * @module Applying a citizen's answers to officials' request for missing items: the answers
 * replace the old ones, each change is kept (old → new) for officials, photos are re-listed,
 * the request is closed and the dossier goes back to processing. Pure; callers persist it.
 */
import { MotcuaError } from '../errors.ts';
import type { Json } from '../fields/field-type.ts';
import type { Dossier } from './dossier.ts';
import { applyTransition } from './lifecycle.ts';

export interface SupplementAnswers {
  answers: Record<string, Json>;
  /** Which answers are photo lists (their media ids join the dossier's photos). */
  photoSteps: ReadonlySet<string>;
  by: string;
  at: Date;
  /** Shown in the history: what was supplemented ("Ảnh giấy chứng sinh"). */
  note?: string;
}

export function applySupplement(d: Dossier, input: SupplementAnswers): Dossier {
  if (d.status !== 'supplement_requested' || !d.supplement) {
    throw new MotcuaError('TRANSITION_INVALID', `dossier ${d.code} has no open supplement request`, { code: d.code, status: d.status });
  }
  const requested = new Set(d.supplement.steps);
  const at = input.at.toISOString();
  const answers = { ...d.answers };
  const amendments = [...d.amendments];
  for (const [step, after] of Object.entries(input.answers)) {
    if (!requested.has(step)) continue;
    const before = d.answers[step];
    amendments.push({ at, step, ...(before !== undefined ? { before } : {}), after });
    answers[step] = after;
  }
  const photos = new Set<string>();
  for (const [step, v] of Object.entries(answers)) {
    if (input.photoSteps.has(step) && Array.isArray(v)) for (const id of v) if (typeof id === 'string') photos.add(id);
  }
  for (const id of d.photos) if (!Object.values(input.answers).some((v) => Array.isArray(v) && v.includes(id))) photos.add(id);
  const { supplement: _closed, ...rest } = d;
  const updated: Dossier = { ...rest, answers, amendments, photos: [...photos] };
  return applyTransition(updated, { action: 'supplement_received', by: input.by, at: input.at, ...(input.note ? { note: input.note } : {}) });
}
