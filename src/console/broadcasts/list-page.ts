/**
 * @module The broadcasts sent and scheduled, newest first: when, by whom, the text's first
 * line, the audience, and how far delivery got.
 */
import type { Broadcast } from '../../broadcast/broadcast-service.ts';
import type { ConsoleContext } from '../console-module.ts';
import { formatVnTime } from '../format.ts';
import { html, type Html } from '../html.ts';
import { audienceParts, broadcastBadge, BROADCASTS_PATH, excerpt, formatCount, type WardNames } from './broadcast-format.ts';
import { subNav } from './sub-nav.ts';

export function officialName(actor: string): string {
  return actor.replace(/^official:/, '');
}

export function renderBroadcastList(ctx: ConsoleContext, items: Broadcast[], wardName: WardNames): Html {
  const n = (x: number): string => formatCount(x, ctx.locale);
  const table = items.length
    ? html`<table class="dossiers broadcasts">
  <thead><tr><th scope="col">${ctx.t('broadcasts.list.col_created')}</th><th scope="col">${ctx.t('broadcasts.list.col_status')}</th><th scope="col">${ctx.t('broadcasts.list.col_text')}</th><th scope="col">${ctx.t('broadcasts.list.col_audience')}</th><th scope="col">${ctx.t('broadcasts.list.col_by')}</th><th scope="col">${ctx.t('broadcasts.list.col_progress')}</th></tr></thead>
  <tbody>${items.map((b) => {
    const seg = audienceParts(ctx, b.segment, wardName).filter((p) => p.value !== ctx.t('broadcasts.audience.all'));
    return html`<tr>
    <td class="nowrap">${formatVnTime(b.createdAt)}${b.scheduledAt && b.status === 'scheduled' ? html`<br><span class="small muted">${ctx.t('broadcasts.list.scheduled_for', { when: formatVnTime(b.scheduledAt) })}</span>` : ''}</td>
    <td>${broadcastBadge(ctx, b.status)}</td>
    <td><a href="${BROADCASTS_PATH}/${b.id}">${excerpt(b.text.vi, 80)}</a></td>
    <td class="small">${seg.length ? seg.map((p) => html`<span class="seg">${p.value}</span> `) : ctx.t('broadcasts.audience.everyone')}</td>
    <td>${officialName(b.createdBy)}</td>
    <td class="nowrap">${ctx.t('broadcasts.list.progress', { sent: n(b.counts.sent), total: n(b.counts.recipients) })}${b.counts.failed + b.counts.unreachable > 0 ? html`<br><span class="small muted">${ctx.t('broadcasts.list.problems', { failed: n(b.counts.failed), unreachable: n(b.counts.unreachable) })}</span>` : ''}</td>
  </tr>`;
  })}</tbody>
</table>`
    : html`<p class="empty">${ctx.t('broadcasts.list.none')}</p>`;
  return html`<div class="page-head"><h1>${ctx.t('broadcasts.list.title')}</h1>${subNav(ctx, 'list')}</div>
<p><a class="button primary-link" href="${BROADCASTS_PATH}/new">${ctx.t('broadcasts.list.new')}</a></p>
${table}`;
}
