/**
 * @module What the back office receives: the dossier's content — procedure, answers, applicant,
 * submitter's relation, ward, history, amendments — with each photo as a time-limited signed
 * link, and where to send statuses. Chat identities, followers and the follow PIN stay here:
 * they are ours, not the office's.
 */
import type { Dossier } from '../dossiers/dossier.ts';
import type { PhotoLinks } from './photo-links.ts';

export type GatewayEvent = 'submitted' | 'supplemented';

export interface GatewayPayload {
  event: GatewayEvent;
  sentAt: string;
  /** POST statuses here (signed the same way). */
  statusUrl: string;
  dossier: {
    code: string;
    procedureId: string;
    procedureVersion: number;
    status: Dossier['status'];
    answers: Dossier['answers'];
    applicant: Dossier['applicant'];
    submitter: { channel: Dossier['submitter']['channel']; self: boolean; relationship?: string };
    ward?: string;
    wardCode?: string;
    photos: { id: string; url: string; expiresAt: string }[];
    supplement?: Dossier['supplement'];
    amendments: Dossier['amendments'];
    history: Dossier['history'];
    submittedAt: string;
    updatedAt: string;
  };
}

export function gatewayPayload(d: Dossier, event: GatewayEvent, links: PhotoLinks, statusUrl: string, now: Date): GatewayPayload {
  const s = d.submitter;
  return {
    event,
    sentAt: now.toISOString(),
    statusUrl,
    dossier: {
      code: d.code,
      procedureId: d.procedureId,
      procedureVersion: d.procedureVersion,
      status: d.status,
      answers: d.answers,
      applicant: d.applicant,
      submitter: { channel: s.channel, self: s.self, ...(s.relationship ? { relationship: s.relationship } : {}) },
      ...(d.ward ? { ward: d.ward } : {}),
      ...(d.wardCode ? { wardCode: d.wardCode } : {}),
      photos: d.photos.map((id) => ({ id, ...links.link(id, now) })),
      ...(d.supplement ? { supplement: d.supplement } : {}),
      amendments: d.amendments,
      history: d.history,
      submittedAt: d.submittedAt,
      updatedAt: d.updatedAt,
    },
  };
}
