/**
 * @module The dossier list: filters (procedure, status, ward, submitted between two days),
 * search by code, newest first, 25 a page; each row links to the dossier.
 */
import { DOSSIER_STATUSES, type Dossier } from '../../dossiers/dossier.ts';
import type { FlowRegistry } from '../../flows/flow-registry.ts';
import { pick } from '../../i18n/text.ts';
import type { ConsoleContext } from '../console-module.ts';
import { formatVnTime } from '../format.ts';
import { html, query, type Html } from '../html.ts';
import { filterParams, PAGE_SIZE, type ListFilters } from './list-filters.ts';

export const DOSSIERS_PATH = '/console/dossiers';

export function procedureTitle(flows: FlowRegistry, id: string, ctx: Pick<ConsoleContext, 'locale'>): string {
  const f = flows.get(id);
  return f ? pick(f.flow.title, ctx.locale) : id;
}

export function statusBadge(ctx: Pick<ConsoleContext, 't'>, status: Dossier['status']): Html {
  return html`<span class="badge s-${status}">${ctx.t(`status.${status}`)}</span>`;
}

function filterForm(ctx: ConsoleContext, flows: FlowRegistry, f: ListFilters): Html {
  const procedures = flows
    .all()
    .map((c) => ({ id: c.flow.id, title: pick(c.flow.title, ctx.locale) }))
    .sort((a, b) => a.title.localeCompare(b.title, ctx.locale));
  const option = (value: string, label: string, selected: boolean): Html => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="${DOSSIERS_PATH}" class="filters" role="search">
  <label class="grow">${ctx.t('list.search_code')}<input type="search" name="q" value="${f.q ?? ''}" placeholder="HS-7K2M-9QXD" autocapitalize="characters" spellcheck="false" maxlength="40"></label>
  <label>${ctx.t('list.procedure')}<select name="procedure">${option('', ctx.t('list.all'), !f.procedure)}${procedures.map((p) => option(p.id, p.title, p.id === f.procedure))}</select></label>
  <label>${ctx.t('list.status')}<select name="status">${option('', ctx.t('list.all'), !f.status)}${DOSSIER_STATUSES.map((s) => option(s, ctx.t(`status.${s}`), s === f.status))}</select></label>
  <label>${ctx.t('list.ward')}<input name="ward" value="${f.ward ?? ''}" placeholder="${ctx.t('list.ward_placeholder')}" maxlength="100"></label>
  <label>${ctx.t('list.from')}<input type="date" name="from" value="${f.from ?? ''}"></label>
  <label>${ctx.t('list.to')}<input type="date" name="to" value="${f.to ?? ''}"></label>
  <div class="filter-buttons"><button type="submit" class="primary">${ctx.t('list.apply')}</button><a class="button" href="${DOSSIERS_PATH}">${ctx.t('list.clear')}</a></div>
</form>`;
}

export function renderListPage(ctx: ConsoleContext, flows: FlowRegistry, f: ListFilters, found: Dossier[]): Html {
  const rows = found.slice(0, PAGE_SIZE);
  const hasNext = found.length > PAGE_SIZE;
  const params = filterParams(f);
  const filtered = Object.values(params).some((v) => v !== undefined);
  const table = rows.length
    ? html`<table class="dossiers">
  <thead><tr><th scope="col">${ctx.t('list.col_code')}</th><th scope="col">${ctx.t('list.col_procedure')}</th><th scope="col">${ctx.t('list.col_applicant')}</th><th scope="col">${ctx.t('list.col_ward')}</th><th scope="col">${ctx.t('list.col_status')}</th><th scope="col">${ctx.t('list.col_submitted')}</th></tr></thead>
  <tbody>${rows.map(
    (d) => html`<tr>
    <td class="code"><a href="${DOSSIERS_PATH}/${d.code}">${d.code}</a></td>
    <td>${procedureTitle(flows, d.procedureId, ctx)}</td>
    <td>${d.applicant.name ?? html`<span class="muted">—</span>`}</td>
    <td>${d.ward ?? html`<span class="muted">—</span>`}</td>
    <td>${statusBadge(ctx, d.status)}</td>
    <td class="nowrap">${formatVnTime(d.submittedAt)}</td>
  </tr>`,
  )}</tbody>
</table>`
    : html`<p class="empty">${ctx.t(filtered ? 'list.none_filtered' : 'list.none')}</p>`;
  const pager =
    f.page > 1 || hasNext
      ? html`<nav class="pager" aria-label="${ctx.t('list.pages')}">
  ${f.page > 1 ? html`<a class="button" rel="prev" href="${DOSSIERS_PATH}${query({ ...params, page: f.page - 1 })}">← ${ctx.t('list.prev')}</a>` : ''}
  <span>${ctx.t('list.page', { page: f.page })}</span>
  ${hasNext ? html`<a class="button" rel="next" href="${DOSSIERS_PATH}${query({ ...params, page: f.page + 1 })}">${ctx.t('list.next')} →</a>` : ''}
</nav>`
      : '';
  return html`<div class="page-head"><h1>${ctx.t('list.title')}</h1></div>
${filterForm(ctx, flows, f)}
${table}
${pager}`;
}
