/**
 * @module The per-chat session as persisted (JSON, ≤ ~2 KB while a procedure is in progress)
 * and parsed with zod whenever it is read back — never cast.
 */
import { z } from 'zod';
import { JsonValueSchema } from '../fields/json-value.ts';

const FlowContextSchema = z.object({
  answers: z.record(z.string(), JsonValueSchema),
  trail: z.array(z.string()),
  editing: z.boolean(),
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  draft: z.array(JsonValueSchema),
});

const WardRefSchema = z.object({ code: z.string(), name: z.string() });

export const PendingSchema = z.discriminatedUnion('kind', [
  /** Waiting for consent before a procedure collects personal data. */
  z.object({ kind: z.literal('consent'), flowId: z.string() }),
  /** The NLU was unsure: which of these procedures? */
  z.object({ kind: z.literal('pickFlow'), options: z.array(z.string()).min(1) }),
  /** A destructive command waits for yes/no. */
  z.object({ kind: z.literal('confirm'), action: z.enum(['cancel', 'restart', 'delete']) }),
  /** From the summary: which answer to change? */
  z.object({ kind: z.literal('editPick') }),
  /** Opting in to the ward's guidance: consent, then the ward, then topics. */
  z.object({
    kind: z.literal('subscribe'),
    stage: z.enum(['consent', 'ward', 'topics']),
    /** Offered after a procedure (shorter wording) rather than asked for. */
    offered: z.boolean().optional(),
    suggested: WardRefSchema.optional(),
    candidates: z.array(WardRefSchema).optional(),
    ward: WardRefSchema.optional(),
  }),
  /** Officials asked for missing items while another procedure is in progress: answer them now? */
  z.object({ kind: z.literal('supplementOffer'), code: z.string() }),
  /** An answer fitted several values (e.g. wards): pick one. */
  z.object({
    kind: z.literal('clarify'),
    step: z.string(),
    question: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() }),
    candidates: z.array(z.object({ label: z.string(), value: JsonValueSchema })).min(1),
  }),
]);
export type Pending = z.infer<typeof PendingSchema>;

const RunSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  /** Random per run: the dossier's idempotency key, so a double confirm submits once. */
  runId: z.string(),
  /** When the citizen consented to this procedure's data collection (ISO). */
  consentAt: z.string(),
  state: z.object({ value: z.string(), context: FlowContextSchema }),
});

export const SessionSchema = z.object({
  v: z.literal(1),
  locale: z.enum(['vi', 'en']),
  /** The procedure in progress. */
  flow: RunSchema.optional(),
  /** A procedure put aside while the citizen answers officials' request for missing items. */
  parked: RunSchema.optional(),
  /** Answering a supplement request: the requested steps of a submitted dossier, one at a time. */
  supplement: z
    .object({
      code: z.string(),
      flowId: z.string(),
      steps: z.array(z.string()).min(1),
      index: z.number().int().min(0),
      answers: z.record(z.string(), JsonValueSchema),
      draft: z.array(JsonValueSchema),
      /** Filed for a relative: questions keep the "người cần làm thủ tục" wording. */
      proxy: z.boolean(),
    })
    .optional(),
  pending: PendingSchema.optional(),
  /** The last dossier this chat submitted, to answer a late second "confirm". */
  lastSubmission: z.object({ code: z.string(), runId: z.string() }).optional(),
  updatedAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

export type SessionRead = { ok: true; session: Session | null } | { ok: false; reason: string };

/** Parses a stored session; a session that does not parse is reported, never trusted. */
export function readSession(raw: string | null): SessionRead {
  if (raw === null) return { ok: true, session: null };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const r = SessionSchema.safeParse(json);
  return r.success ? { ok: true, session: r.data } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** Whether the session holds anything worth keeping; an empty one is deleted, not stored. */
export function isEmptySession(s: Session, defaultLocale: 'vi' | 'en'): boolean {
  return !s.flow && !s.parked && !s.supplement && !s.pending && !s.lastSubmission && s.locale === defaultLocale;
}
