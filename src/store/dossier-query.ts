/**
 * @module What `DossierStore.list` filters on, as one predicate both stores share (the Redis
 * store narrows by time in the index first, then applies the same predicate).
 */
import type { Dossier } from '../dossiers/dossier.ts';
import type { DossierQuery } from './store.ts';

/** Lower case, no diacritics, đ → d: "Phường Bến Thành" and "ben thanh" meet. */
function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** A tracking code or part of one, as typed: letters and digits only, upper case ("hs-7k2m 9qxd" → "HS7K2M9QXD"). */
export function normaliseCodeSearch(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Whether `d` passes every filter of `q` (limit and offset aside). */
export function matchesDossierQuery(d: Dossier, q: DossierQuery): boolean {
  if (q.status && d.status !== q.status) return false;
  if (q.procedureId && d.procedureId !== q.procedureId) return false;
  if (q.submittedFrom || q.submittedBefore) {
    const at = Date.parse(d.submittedAt);
    if (q.submittedFrom && at < Date.parse(q.submittedFrom)) return false;
    if (q.submittedBefore && at >= Date.parse(q.submittedBefore)) return false;
  }
  if (q.ward) {
    const want = fold(q.ward);
    if (want && d.wardCode !== q.ward.trim() && !(d.ward && fold(d.ward).includes(want))) return false;
  }
  if (q.code) {
    const want = normaliseCodeSearch(q.code);
    if (want && !normaliseCodeSearch(d.code).includes(want)) return false;
  }
  return true;
}
