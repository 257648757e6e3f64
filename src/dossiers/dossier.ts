/**
 * @module The dossier: what a finished flow becomes, as stored and as read back (always
 * parsed with zod). Applicant and submitter differ when a relative files for someone.
 */
import { z } from 'zod';
import { JsonValueSchema } from '../fields/json-value.ts';

export const DOSSIER_STATUSES = ['submitted', 'received', 'processing', 'supplement_requested', 'result_ready', 'completed', 'rejected'] as const;
export const DossierStatusSchema = z.enum(DOSSIER_STATUSES);
export type DossierStatus = z.infer<typeof DossierStatusSchema>;

export const ChatIdentitySchema = z.object({
  channel: z.enum(['telegram', 'zalo', 'web', 'console']),
  chatId: z.string().min(1),
  locale: z.enum(['vi', 'en']),
});
export type ChatIdentity = z.infer<typeof ChatIdentitySchema>;

export const HistoryEntrySchema = z.object({
  at: z.string(),
  status: DossierStatusSchema,
  /** "citizen", "official:<username>", "gateway". */
  by: z.string(),
  note: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const DossierSchema = z.object({
  code: z.string(),
  /** The flow run that produced it: submitting the same run twice returns the same dossier. */
  submissionKey: z.string(),
  procedureId: z.string(),
  procedureVersion: z.number().int(),
  /** Answers of the steps that applied, by step id (JSON values as the fields produced them). */
  answers: z.record(z.string(), JsonValueSchema),
  /** Media ids of every photo in `answers`, for access control and retention. */
  photos: z.array(z.string()),
  applicant: z.object({ name: z.string().optional(), idNumber: z.string().optional(), phone: z.string().optional() }),
  submitter: z.object({
    channel: ChatIdentitySchema.shape.channel,
    chatId: z.string(),
    userId: z.string(),
    /** False when a relative files on the applicant's behalf. */
    self: z.boolean(),
    relationship: z.string().optional(),
  }),
  /** Chats that receive status changes: the submitter's, then followers'. */
  notify: z.array(ChatIdentitySchema),
  ward: z.string().optional(),
  /** The ward's code after the 2025 merger, when the applicant's address resolved to one. */
  wardCode: z.string().optional(),
  status: DossierStatusSchema,
  /** The open supplement request: which steps the citizen must answer again, and why. */
  supplement: z
    .object({ steps: z.array(z.string()).min(1), message: z.string(), requestedAt: z.string(), by: z.string() })
    .optional(),
  /** Answers changed after submission (supplements), with old and new values for officials. */
  amendments: z.array(z.object({ at: z.string(), step: z.string(), before: JsonValueSchema.optional(), after: JsonValueSchema })).default([]),
  /** Relatives following the dossier (they are also in `notify`). */
  followers: z.array(ChatIdentitySchema.extend({ since: z.string() })).default([]),
  /** The follow code's PIN, hashed (scrypt); the owner shares code + PIN with relatives. */
  followPin: z.object({ hash: z.string(), salt: z.string(), createdAt: z.string() }).optional(),
  history: z.array(HistoryEntrySchema).min(1),
  submittedAt: z.string(),
  updatedAt: z.string(),
});
export type Dossier = z.infer<typeof DossierSchema>;
