/**
 * @module The body of POST /api/gateway/status (design.md): `{ code, status, message?, at }`,
 * plus an optional `steps` for supplement_requested (the steps the citizen's chat should ask
 * again; without them the citizen is told the officials' message only). `at` is ISO 8601 or
 * unix seconds; with the code and status it identifies the update, so a replay is recognised.
 */
import { z } from 'zod';
import { DossierStatusSchema } from '../dossiers/dossier.ts';

export const StatusUpdateSchema = z.object({
  code: z.string().trim().min(1).max(40),
  status: DossierStatusSchema,
  message: z.string().max(2000).optional(),
  steps: z.array(z.string().min(1).max(100)).max(50).optional(),
  at: z
    .union([z.iso.datetime({ offset: true }), z.number().int().positive().max(99_999_999_999)])
    .transform((v) => (typeof v === 'number' ? new Date(v * 1000) : new Date(v))),
});
export type StatusUpdate = z.infer<typeof StatusUpdateSchema>;
