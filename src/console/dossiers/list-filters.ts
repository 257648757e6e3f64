/**
 * @module The dossier list's filters as they travel in the URL (`?procedure=&status=&ward=
 * &from=&to=&q=&page=`), read leniently — a bad value is dropped, not an error — and turned
 * into a store query (dates are Vietnam calendar days).
 */
import { z } from 'zod';
import { DOSSIER_STATUSES } from '../../dossiers/dossier.ts';
import type { DossierQuery } from '../../store/store.ts';
import { vnDayStart } from '../format.ts';

export const PAGE_SIZE = 25;

const blank = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const day = z.preprocess(blank, z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => !Number.isNaN(Date.parse(s))).optional()).catch(undefined);

export const ListFiltersSchema = z.object({
  procedure: z.preprocess(blank, z.string().regex(/^[a-z][a-z0-9-]{0,63}$/).optional()).catch(undefined),
  status: z.preprocess(blank, z.enum(DOSSIER_STATUSES).optional()).catch(undefined),
  ward: z.preprocess(blank, z.string().max(100).optional()).catch(undefined),
  from: day,
  to: day,
  q: z.preprocess(blank, z.string().max(40).optional()).catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});
export type ListFilters = z.infer<typeof ListFiltersSchema>;

export function parseListFilters(query: unknown): ListFilters {
  return ListFiltersSchema.parse(typeof query === 'object' && query !== null ? query : {});
}

/** One more than a page, so the page knows whether there is a next one without counting. */
export function toDossierQuery(f: ListFilters): DossierQuery {
  return {
    ...(f.procedure ? { procedureId: f.procedure } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.ward ? { ward: f.ward } : {}),
    ...(f.from ? { submittedFrom: vnDayStart(f.from) } : {}),
    ...(f.to ? { submittedBefore: vnDayStart(f.to, 1) } : {}),
    ...(f.q ? { code: f.q } : {}),
    limit: PAGE_SIZE + 1,
    offset: (f.page - 1) * PAGE_SIZE,
  };
}

/** The filters as URL parameters (for pagination links). */
export function filterParams(f: ListFilters): Record<string, string | undefined> {
  return { procedure: f.procedure, status: f.status, ward: f.ward, from: f.from, to: f.to, q: f.q };
}
