/**
 * @module "Tra cứu hồ sơ": the status of a dossier, shown only to the chat that submitted it
 * or follows it — a code alone reveals nothing to anyone else.
 */
import type { Dossier } from '../dossiers/dossier.ts';
import { parseTrackingCode } from '../dossiers/tracking-code.ts';
import { pick } from '../i18n/text.ts';
import { say, tr, type Turn } from './turn.ts';

function visibleTo(turn: Turn, d: Dossier): boolean {
  return d.notify.some((n) => n.channel === turn.msg.channel && n.chatId === turn.msg.chatId);
}

export function statusLine(turn: Turn, d: Dossier): string {
  const flow = turn.deps.flows.get(d.procedureId);
  const title = flow ? pick(flow.flow.title, turn.session.locale) : d.procedureId;
  const last = d.history[d.history.length - 1];
  const when = last ? new Date(last.at).toLocaleString(turn.session.locale === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }) : '';
  return tr(turn, 'engine.status.line', { code: d.code, title, status: tr(turn, `engine.status.${d.status}`), when });
}

export async function showStatus(turn: Turn, rawCode: string | undefined): Promise<void> {
  const { dossiers } = turn.deps.store;
  if (rawCode) {
    const code = parseTrackingCode(rawCode);
    const d = code ? await dossiers.get(code) : null;
    if (!d || !visibleTo(turn, d)) {
      say(turn, tr(turn, 'engine.status.not_found'));
      return;
    }
    say(turn, statusLine(turn, d));
    return;
  }
  const codes = await dossiers.byChat(`${turn.msg.channel}:${turn.msg.chatId}`);
  const found = (await Promise.all(codes.map((c) => dossiers.get(c)))).filter((d): d is Dossier => d !== null && visibleTo(turn, d));
  if (found.length === 0) {
    say(turn, tr(turn, 'engine.status.ask_code'));
    return;
  }
  found.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  say(turn, [tr(turn, 'engine.status.yours'), ...found.slice(0, 5).map((d) => `• ${statusLine(turn, d)}`)].join('\n'));
}
