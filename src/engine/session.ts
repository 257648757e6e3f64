/**
 * @module The per-chat session as persisted (JSON, ≤ ~2 KB while a procedure is in progress)
 * and parsed with zod whenever it is read back — never cast.
 */
import { z } from 'zod';
import type { Json } from '../fields/field-type.ts';
import { isJsonValue, JsonValueSchema } from '../fields/json-value.ts';

/** How the containers of a session are read: zod's own schemas, or one-walk checks (see readSession). */
interface Containers {
  answers: z.ZodType<Record<string, Json>>;
  strings: z.ZodType<string[]>;
  /** A non-empty list of step ids. */
  steps: z.ZodType<string[]>;
  values: z.ZodType<Json[]>;
}

const flowContextSchema = (c: Containers) =>
  z.object({
    answers: c.answers,
    trail: c.strings,
    editing: z.boolean(),
    today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    draft: c.values,
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
    /** Topics tapped so far (a tap adds or removes one; "Xong" saves them). */
    picked: z.array(z.string().max(32)).max(16).optional(),
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

const runSchema = (c: Containers) =>
  z.object({
    id: z.string(),
    version: z.number().int(),
    /** Random per run: the dossier's idempotency key, so a double confirm submits once. */
    runId: z.string(),
    /** When the citizen consented to this procedure's data collection (ISO). */
    consentAt: z.string(),
    state: z.object({ value: z.string(), context: flowContextSchema(c) }),
  });

/** The session's schema, its answers, lists of step ids and drafts read by `c`. */
const sessionSchema = (c: Containers) =>
  z.object({
    v: z.literal(1),
    locale: z.enum(['vi', 'en']),
    /** The procedure in progress. */
    flow: runSchema(c).optional(),
    /** A procedure put aside while the citizen answers officials' request for missing items. */
    parked: runSchema(c).optional(),
    /** Answering a supplement request: the requested steps of a submitted dossier, one at a time. */
    supplement: z
      .object({
        code: z.string(),
        flowId: z.string(),
        steps: c.steps,
        index: z.number().int().min(0),
        answers: c.answers,
        draft: c.values,
        /** Filed for a relative: questions keep the "người cần làm thủ tục" wording. */
        proxy: z.boolean(),
      })
      .optional(),
    pending: PendingSchema.optional(),
    /** The last dossier this chat submitted, to answer a late second "confirm". */
    lastSubmission: z.object({ code: z.string(), runId: z.string() }).optional(),
    updatedAt: z.string(),
  });

export const SessionSchema = sessionSchema({
  answers: z.record(z.string(), JsonValueSchema),
  strings: z.array(z.string()),
  steps: z.array(z.string()).min(1),
  values: z.array(JsonValueSchema),
});
export type Session = z.infer<typeof SessionSchema>;

/**
 * A plain object of JSON values without an own `__proto__` key — which `z.record` would drop —
 * so on it the record schema's result is an object equal to the input. Checked in one walk:
 * `z.record` runs a key and a value schema per answer, most of the cost of reading a session.
 */
function isPlainAnswers(v: unknown): v is Record<string, Json> {
  if (typeof v !== 'object' || v === null || Object.getPrototypeOf(v) !== Object.prototype) return false;
  if (Object.prototype.hasOwnProperty.call(v, '__proto__')) return false;
  for (const k of Object.keys(v)) if (!isJsonValue((v as Record<string, unknown>)[k])) return false;
  return true;
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isValues(v: unknown): v is Json[] {
  return Array.isArray(v) && v.every((x) => isJsonValue(x));
}

/**
 * SessionSchema with its containers checked in one walk each (`z.record` and `z.array` run a
 * schema per element, most of the cost of reading a session): it accepts a subset of what
 * SessionSchema accepts, with an equal result. Sessions are read with it first and with
 * SessionSchema itself when it refuses, so the outcome (and the reason logged) is SessionSchema's.
 */
const PlainSessionSchema = sessionSchema({
  answers: z.custom<Record<string, Json>>(isPlainAnswers),
  strings: z.custom<string[]>(isStrings),
  steps: z.custom<string[]>((v) => isStrings(v) && v.length >= 1),
  values: z.custom<Json[]>(isValues),
});

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
  const plain = PlainSessionSchema.safeParse(json);
  if (plain.success) return { ok: true, session: plain.data };
  const r = SessionSchema.safeParse(json);
  return r.success ? { ok: true, session: r.data } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
}

/** Whether the session holds anything worth keeping; an empty one is deleted, not stored. */
export function isEmptySession(s: Session, defaultLocale: 'vi' | 'en'): boolean {
  return !s.flow && !s.parked && !s.supplement && !s.pending && !s.lastSubmission && s.locale === defaultLocale;
}
