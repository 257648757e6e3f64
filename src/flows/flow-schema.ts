/**
 * @module The shape of `flows/<id>.yaml`: one procedure, both languages inline, no code.
 * Conditions are structured data; the compiler turns them into named xstate guards.
 */
import { z } from 'zod';
import { TextSchema } from '../i18n/text.ts';

const StepId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and "_", starting with a letter (e.g. child_name)');

const Json = z.union([z.string(), z.number(), z.boolean()]);

/**
 * `when` conditions. A field that is not answered (or not applicable) makes every
 * comparison false except `answered: false` and `notIn`/`ne`.
 */
export type Condition =
  | { field: string; eq: string | number | boolean }
  | { field: string; ne: string | number | boolean }
  | { field: string; in: (string | number | boolean)[] }
  | { field: string; notIn: (string | number | boolean)[] }
  | { field: string; includes: string }
  | { field: string; answered: boolean }
  | { field: string; gt: number }
  | { field: string; lt: number }
  /** A date field more than N days before today (e.g. late birth registration). */
  | { field: string; olderThanDays: number }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ field: StepId, eq: Json }),
    z.strictObject({ field: StepId, ne: Json }),
    z.strictObject({ field: StepId, in: z.array(Json).min(1) }),
    z.strictObject({ field: StepId, notIn: z.array(Json).min(1) }),
    z.strictObject({ field: StepId, includes: z.string() }),
    z.strictObject({ field: StepId, answered: z.boolean() }),
    z.strictObject({ field: StepId, gt: z.number() }),
    z.strictObject({ field: StepId, lt: z.number() }),
    z.strictObject({ field: StepId, olderThanDays: z.number().int().nonnegative() }),
    z.strictObject({ all: z.array(ConditionSchema).min(1) }),
    z.strictObject({ any: z.array(ConditionSchema).min(1) }),
    z.strictObject({ not: ConditionSchema }),
  ]),
);

/** A question may be worded differently when the chatter files for someone else (see `onBehalf`). */
export const AskSchema = z.union([TextSchema, z.strictObject({ self: TextSchema, proxy: TextSchema })]);
export type Ask = z.infer<typeof AskSchema>;

/** Date bounds: `today`, a relative offset (`-60d`, `+1y`, `-150y`), or an ISO date. */
const DateBound = z
  .string()
  .regex(/^(today|[+-]\d+[dmy]|\d{4}-\d{2}-\d{2})$/, 'use "today", an offset like "-60d" / "-120y", or a date "2025-07-01"');

const base = {
  id: StepId,
  ask: AskSchema,
  /** Short label for the summary ("Họ tên của bé"). */
  label: TextSchema,
  help: TextSchema.optional(),
  optional: z.boolean().default(false),
  when: ConditionSchema.optional(),
};

export const ChoiceOptionSchema = z.strictObject({
  value: z.string().regex(/^[a-z0-9_-]+$/, 'option values are lower-case slugs (e.g. "male", "hospital")'),
  label: TextSchema,
  /** Other ways citizens say it ("con gái", "gai"): matched folded, like the label. */
  synonyms: z.array(z.string().min(1)).default([]),
});
export type ChoiceOption = z.infer<typeof ChoiceOptionSchema>;

export const StepSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('text'), minLength: z.number().int().min(1).default(2), maxLength: z.number().int().max(2000).default(500) }),
  z.strictObject({ ...base, type: z.literal('name') }),
  z.strictObject({
    ...base,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(true),
    unit: TextSchema.optional(),
  }),
  z.strictObject({ ...base, type: z.literal('date'), min: DateBound.optional(), max: DateBound.optional() }),
  z.strictObject({
    ...base,
    type: z.literal('cccd'),
    /** A date step holding this person's date of birth: the century/sex digit must agree with it. */
    dobField: StepId.optional(),
    /** A choice step holding this person's sex, and which of its values mean male/female. */
    sexField: StepId.optional(),
    sexValues: z.strictObject({ male: z.string(), female: z.string() }).default({ male: 'male', female: 'female' }),
  }),
  z.strictObject({ ...base, type: z.literal('phone') }),
  z.strictObject({ ...base, type: z.literal('email') }),
  z.strictObject({
    ...base,
    type: z.literal('choice'),
    options: z.array(ChoiceOptionSchema).min(2, 'a choice needs at least two options'),
    multiple: z.boolean().default(false),
    minSelected: z.number().int().min(1).default(1),
    maxSelected: z.number().int().min(1).optional(),
  }),
  z.strictObject({ ...base, type: z.literal('yesno') }),
  z.strictObject({
    ...base,
    type: z.literal('photo'),
    min: z.number().int().min(0).default(1),
    max: z.number().int().min(1).max(10).default(1),
    /** Photos of identity documents are sensitive personal data: kept no longer than needed. */
    sensitive: z.boolean().default(false),
  }),
  z.strictObject({ ...base, type: z.literal('location'), allowText: z.boolean().default(true) }),
  z.strictObject({
    ...base,
    type: z.literal('address'),
    /** 'optional': a ward/commune (and province) is enough, e.g. where to register or where a birth happened. */
    street: z.enum(['required', 'optional']).default('required'),
  }),
]);
export type Step = z.infer<typeof StepSchema>;
export type StepType = Step['type'];

export const ProcedureSchema = z.strictObject({
  /** National procedure code (e.g. "1.001193"); empty for non-procedures such as reports. */
  code: z.string(),
  authority: TextSchema,
  /** Decree 42/2022: `full` = toàn trình, `partial` = một phần, `none` = not an online procedure. */
  onlineLevel: z.enum(['full', 'partial', 'none']),
  fee: TextSchema,
  processingTime: TextSchema,
  documents: z.array(TextSchema).min(1),
  legalBasis: z.array(z.string().min(1)).default([]),
  /** What the citizen still has to do in person. */
  inPerson: TextSchema.optional(),
  notes: TextSchema.optional(),
});

export const FaqSchema = z.strictObject({
  q: TextSchema,
  a: TextSchema,
  /** Folded keywords that point at this answer ("giay to", "le phi"). */
  keywords: z.array(z.string().min(1)).default([]),
});

export const FlowSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'flow ids are kebab-case (e.g. khai-sinh)'),
    version: z.number().int().min(1),
    title: TextSchema,
    summary: TextSchema,
    procedure: ProcedureSchema,
    /** What the consent request lists as collected ("họ tên, ngày sinh... của cha, mẹ và bé"). */
    consent: z.strictObject({ data: TextSchema }),
    /** Utterances for intent detection. */
    examples: z.array(z.string().min(1)).min(1),
    faq: z.array(FaqSchema).default([]),
    /**
     * Filing for someone else: the step that says who the chatter files for, and its value
     * meaning "myself". Questions with `ask: { self, proxy }` pick their wording from it.
     */
    onBehalf: z.strictObject({ field: StepId, selfValue: z.string() }).optional(),
    /** Which answers make up the dossier's applicant and where the relationship is. */
    dossier: z
      .strictObject({
        applicantName: StepId.optional(),
        applicantId: StepId.optional(),
        applicantPhone: StepId.optional(),
        relationship: StepId.optional(),
        ward: StepId.optional(),
      })
      .default({}),
    steps: z.array(StepSchema).min(1),
  })
  .superRefine((flow, ctx) => {
    const seen = new Map<string, number>();
    flow.steps.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${s.id}" (first at steps[${seen.get(s.id)}])` });
      seen.set(s.id, i);
      if (s.type === 'photo' && s.min > s.max) ctx.addIssue({ code: 'custom', path: ['steps', i, 'min'], message: `min (${s.min}) is larger than max (${s.max})` });
      if (s.when) {
        for (const f of conditionFields(s.when)) {
          const at = seen.get(f);
          if (at === undefined || at >= i)
            ctx.addIssue({ code: 'custom', path: ['steps', i, 'when'], message: `"when" refers to "${f}", which is not a step before this one` });
        }
      }
      if (s.type === 'cccd') {
        for (const [key, f] of [['dobField', s.dobField], ['sexField', s.sexField]] as const) {
          if (f !== undefined && !(seen.has(f) && seen.get(f)! < i))
            ctx.addIssue({ code: 'custom', path: ['steps', i, key], message: `"${f}" is not a step before this one` });
        }
      }
    });
    const refs: [string, string | undefined][] = [
      ['onBehalf', flow.onBehalf?.field],
      ...Object.entries(flow.dossier).map(([k, v]) => [`dossier.${k}`, v] as [string, string | undefined]),
    ];
    for (const [where, f] of refs) {
      if (f !== undefined && !seen.has(f)) ctx.addIssue({ code: 'custom', path: where.split('.'), message: `"${f}" is not a step of this flow` });
    }
  });

export type FlowDefinition = z.infer<typeof FlowSchema>;
export type Faq = z.infer<typeof FaqSchema>;

/** Every field a condition reads. */
export function conditionFields(c: Condition): string[] {
  if ('all' in c) return c.all.flatMap(conditionFields);
  if ('any' in c) return c.any.flatMap(conditionFields);
  if ('not' in c) return conditionFields(c.not);
  return [c.field];
}
