/**
 * @module Turns a confirmed flow into a dossier: only the answers that apply, applicant and
 * submitter kept apart, and the run id as idempotency key — a double confirm makes one dossier.
 */
import type { Dossier } from '../dossiers/dossier.ts';
import { newTrackingCode } from '../dossiers/tracking-code.ts';
import type { Json } from '../fields/field-type.ts';
import type { CompiledFlow } from '../flows/compile-flow.ts';
import type { FlowState } from '../flows/flow-runtime.ts';
import { filingForOther } from './render-step.ts';
import { summaryItems } from './render-summary.ts';
import type { Turn } from './turn.ts';

function asString(v: Json | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A key of a structured answer (an address's `ward`, `wardCode`). */
function member(v: Json | undefined, key: string): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const x = v[key];
  return typeof x === 'string' ? x : undefined;
}

export function buildDossier(turn: Turn, flow: CompiledFlow, state: FlowState, runId: string): Dossier {
  const answers: Record<string, Json> = {};
  const photos: string[] = [];
  for (const { step, value } of summaryItems(flow, state)) {
    if (value === undefined || value === null) continue;
    answers[step.id] = value;
    if (step.type === 'photo' && Array.isArray(value)) for (const id of value) if (typeof id === 'string') photos.push(id);
  }
  const map = flow.flow.dossier;
  const at = (id: string | undefined): Json | undefined => (id === undefined ? undefined : answers[id]);
  const applicant: Dossier['applicant'] = {};
  const name = asString(at(map.applicantName));
  const idNumber = asString(at(map.applicantId));
  const phone = asString(at(map.applicantPhone));
  if (name) applicant.name = name;
  if (idNumber) applicant.idNumber = idNumber;
  if (phone) applicant.phone = phone;
  const relationship = asString(at(map.relationship));
  // Only a resolved ward routes a dossier; free text ("đầu hẻm 34…") does not.
  const ward = member(at(map.ward), 'ward');
  const wardCode = member(at(map.ward), 'wardCode');
  const now = turn.now.toISOString();
  const { msg } = turn;
  return {
    code: newTrackingCode(),
    submissionKey: runId,
    procedureId: flow.flow.id,
    procedureVersion: flow.flow.version,
    answers,
    photos,
    applicant,
    submitter: {
      channel: msg.channel,
      chatId: msg.chatId,
      userId: msg.userId,
      self: !filingForOther(flow, state),
      ...(relationship ? { relationship } : {}),
    },
    notify: [{ channel: msg.channel, chatId: msg.chatId, locale: turn.session.locale }],
    ...(ward ? { ward } : {}),
    ...(wardCode ? { wardCode } : {}),
    status: 'submitted',
    history: [{ at: now, status: 'submitted', by: 'citizen' }],
    amendments: [],
    followers: [],
    submittedAt: now,
    updatedAt: now,
  };
}
