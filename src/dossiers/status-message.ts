/**
 * @module The push a status change sends to one recipient, in their language: the code and
 * procedure, the new status with its time, and what to do next — where to collect a result,
 * the officials' request and how to answer it, the reason for a rejection. Texts live in
 * locales/<lang>/notify.yaml; status names are the engine's (engine.status.*).
 */
import type { Locale, OutboundMessage } from '../channels/channel.ts';
import type { Translate } from '../i18n/locales.ts';
import type { Dossier } from './dossier.ts';

export type RecipientRole = 'submitter' | 'follower';

export interface StatusMessageContext {
  t: Translate;
  /** The procedure's title in `locale` (the flow's title; its id when the flow is gone). */
  procedureTitle(procedureId: string, locale: Locale): string;
}

/** Vietnam time, four-digit year ("11:00 20/11/2026"; "20/11/2026, 11:00"). Built once: formatters are costly. */
const TIME_PARTS = { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hour12: false } as const;
const TIME: Record<Locale, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', TIME_PARTS),
  en: new Intl.DateTimeFormat('en-GB', TIME_PARTS),
};

/** What to do next, by the status reached and how (a "processing" after a supplement reads differently). */
function nextStep(d: Dossier, index: number, role: RecipientRole, locale: Locale, t: Translate): string[] {
  const entry = d.history[index]!;
  const note = entry.note;
  // A citizen's own history note ("Công dân đã bổ sung: …") is for officials, not a message to read out.
  const fromOffice = entry.by !== 'citizen';
  const say = (key: string, params?: Record<string, string>): string => t(locale, `notify.next.${key}`, params);
  const withNote = (key: string): string[] => [say(key), ...(note && fromOffice ? [t(locale, 'notify.note', { note })] : [])];
  switch (entry.status) {
    case 'received':
      return withNote('received');
    case 'processing':
      return withNote(d.history[index - 1]?.status === 'supplement_requested' ? 'supplement_received' : 'processing');
    case 'supplement_requested': {
      // The open request is this one when it was made at this entry's time; an older entry's
      // request may have been answered already, so its push says only what officials wrote.
      const open = d.supplement && d.supplement.requestedAt === entry.at ? d.supplement : undefined;
      const message = open?.message ?? note ?? '';
      if (role === 'follower') return [say('supplement_requested_follower', { message })];
      return [say(open ? 'supplement_requested' : 'supplement_requested_offline', { message })];
    }
    case 'result_ready':
      return [note ? say('result_ready', { details: note }) : say('result_ready_plain')];
    case 'completed':
      return withNote('completed');
    case 'rejected':
      return [say('rejected', { reason: note ?? '' })];
    case 'submitted':
      return [];
  }
}

/** The message announcing `d.history[index]` to a recipient reading `locale`. */
export function statusMessage(d: Dossier, index: number, role: RecipientRole, locale: Locale, ctx: StatusMessageContext): OutboundMessage {
  const entry = d.history[index];
  if (!entry) throw new RangeError(`dossier ${d.code} has no history entry ${index}`);
  const { t } = ctx;
  const lines = [
    t(locale, 'notify.header', { code: d.code, title: ctx.procedureTitle(d.procedureId, locale) }),
    t(locale, 'notify.status', { status: t(locale, `engine.status.${entry.status}`), when: TIME[locale].format(new Date(entry.at)) }),
    ...nextStep(d, index, role, locale, t),
  ];
  return { text: lines.join('\n') };
}
