/**
 * @module One broadcast: status, who sent it and when, the audience, the texts, and live
 * delivery progress (sent, failed, unreachable, remaining, time left). While it is sending the
 * page reloads itself every few seconds (a meta refresh; the console has no script). The
 * buttons are those its status allows; the CSV report is always there.
 */
import type { Broadcast, BroadcastProgress, BroadcastStatus } from '../../broadcast/broadcast-service.ts';
import type { ConsoleContext } from '../console-module.ts';
import { formatVnTime } from '../format.ts';
import { html, type Html } from '../html.ts';
import { audienceList, broadcastBadge, BROADCASTS_PATH, formatCount, type WardNames } from './broadcast-format.ts';
import { officialName } from './list-page.ts';
import { linkify } from './preview-bubbles.ts';
import { subNav } from './sub-nav.ts';

export type BroadcastAction = 'pause' | 'resume' | 'cancel';
export const BROADCAST_ACTIONS: readonly BroadcastAction[] = ['pause', 'resume', 'cancel'];

/** What an official may do in each status (the service refuses the rest anyway). */
export function actionsFor(status: BroadcastStatus): BroadcastAction[] {
  switch (status) {
    case 'scheduled':
      return ['cancel'];
    case 'sending':
      return ['pause', 'cancel'];
    case 'paused':
      return ['resume', 'cancel'];
    default:
      return [];
  }
}

/** Seconds between reloads while it is sending. */
export const REFRESH_SECONDS = 3;

/** "2 phút 5 giây" / "2 min 5 s"; under a minute in seconds. */
export function formatDuration(ctx: Pick<ConsoleContext, 't'>, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  if (h > 0) return ctx.t('broadcasts.duration.hm', { h, m });
  if (m > 0) return ctx.t('broadcasts.duration.ms', { m, s: rest });
  return ctx.t('broadcasts.duration.s', { s: rest });
}

function progressPanel(ctx: ConsoleContext, b: Broadcast, p: BroadcastProgress | null): Html {
  const c = p?.counts ?? b.counts;
  const n = (x: number): string => formatCount(x, ctx.locale);
  const done = c.sent + c.failed + c.unreachable + c.cancelled;
  const status = p?.status ?? b.status;
  const eta = status === 'sending' && p?.etaSeconds != null ? formatDuration(ctx, p.etaSeconds) : null;
  const row = (key: string, value: number, cls = ''): Html => html`<tr class="${cls}"><th scope="row">${ctx.t(`broadcasts.progress.${key}`)}</th><td>${n(value)}</td></tr>`;
  return html`<section class="panel" aria-labelledby="progress-title"><h2 id="progress-title">${ctx.t('broadcasts.progress.title')}</h2>
  <progress max="${Math.max(1, c.recipients)}" value="${done}" aria-label="${ctx.t('broadcasts.progress.title')}"></progress>
  <p class="progress-line">${ctx.t('broadcasts.progress.summary', { done: n(done), total: n(c.recipients) })}${eta ? html` · ${ctx.t('broadcasts.progress.eta', { time: eta })}` : ''}${status === 'sending' && p && p.ratePerSecond > 0 ? html` · ${ctx.t('broadcasts.progress.rate', { rate: p.ratePerSecond.toFixed(1) })}` : ''}</p>
  <table class="grid counts"><tbody>
    ${row('recipients', c.recipients, 'total')}
    ${row('sent', c.sent)}
    ${row('failed', c.failed)}
    ${c.uncertain ? row('uncertain', c.uncertain) : ''}
    ${row('unreachable', c.unreachable)}
    ${c.cancelled ? row('cancelled', c.cancelled) : ''}
    ${row('remaining', c.remaining)}
  </tbody></table>
  ${status === 'sending' ? html`<p class="hint">${ctx.t('broadcasts.progress.live', { seconds: REFRESH_SECONDS })}</p>` : ''}
</section>`;
}

function actionsPanel(ctx: ConsoleContext, b: Broadcast): Html {
  const actions = actionsFor(b.status);
  return html`<section class="panel actions" aria-labelledby="b-actions"><h2 id="b-actions">${ctx.t('broadcasts.detail.actions')}</h2>
  ${actions.map(
    (a) => html`<form method="post" action="${BROADCASTS_PATH}/${b.id}/${a}" class="action">${ctx.csrfField()}<input type="hidden" name="expected" value="${b.status}"><button type="submit"${a === 'cancel' ? html` class="danger"` : ''}>${ctx.t(`broadcasts.action.${a}.button`)}</button>${a === 'cancel' ? html`<p class="hint">${ctx.t('broadcasts.action.cancel.hint')}</p>` : ''}</form>`,
  )}
  ${actions.length === 0 ? html`<p class="muted">${ctx.t('broadcasts.detail.no_actions')}</p>` : ''}
  <p class="action"><a class="button" href="${BROADCASTS_PATH}/${b.id}/report.csv" download>${ctx.t('broadcasts.detail.report')}</a></p>
</section>`;
}

export interface DetailPageInput {
  broadcast: Broadcast;
  progress: BroadcastProgress | null;
  wardName: WardNames;
  imageUrl?: string;
}

export function renderBroadcastDetail(ctx: ConsoleContext, input: DetailPageInput): Html {
  const b = input.broadcast;
  const status = input.progress?.status ?? b.status;
  const facts: [string, string][] = [
    [ctx.t('broadcasts.detail.created_by'), officialName(b.createdBy)],
    [ctx.t('broadcasts.detail.created_at'), formatVnTime(b.createdAt)],
    ...(b.scheduledAt ? [[ctx.t('broadcasts.detail.scheduled_at'), formatVnTime(b.scheduledAt)] as [string, string]] : []),
    ...(b.startedAt ? [[ctx.t('broadcasts.detail.started_at'), formatVnTime(b.startedAt)] as [string, string]] : []),
    ...(b.finishedAt ? [[ctx.t('broadcasts.detail.finished_at'), formatVnTime(b.finishedAt)] as [string, string]] : []),
  ];
  return html`<div class="page-head">${subNav(ctx, 'none')}
  <p class="crumbs"><a href="${BROADCASTS_PATH}">← ${ctx.t('broadcasts.detail.back')}</a></p>
  <h1>${ctx.t('broadcasts.detail.title')} ${broadcastBadge(ctx, status)}</h1>
</div>
<div class="detail">
  <div class="main">
    ${progressPanel(ctx, b, input.progress)}
    <section class="panel"><h2>${ctx.t('broadcasts.detail.message')}</h2>
      <dl class="facts">
        <dt>${ctx.t('broadcasts.locale.vi')}</dt><dd class="value">${linkify(b.text.vi)}</dd>
        <dt>${ctx.t('broadcasts.locale.en')}</dt><dd class="value" lang="en">${b.text.en ? linkify(b.text.en) : html`<span class="muted">${ctx.t('broadcasts.detail.no_en')}</span>`}</dd>
        ${b.link ? html`<dt>${ctx.t('broadcasts.detail.link')}</dt><dd>${linkify(b.link)}</dd>` : ''}
        ${input.imageUrl ? html`<dt>${ctx.t('broadcasts.detail.image')}</dt><dd><img class="broadcast-image" src="${input.imageUrl}" alt="${ctx.t('broadcasts.preview.image_alt')}"></dd>` : ''}
      </dl>
    </section>
    <section class="panel"><h2>${ctx.t('broadcasts.detail.audience')}</h2>${audienceList(ctx, b.segment, input.wardName)}</section>
  </div>
  <aside class="side">
    ${actionsPanel(ctx, { ...b, status })}
    <section class="panel"><h2>${ctx.t('broadcasts.detail.facts')}</h2><dl class="facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></section>
  </aside>
</div>`;
}
