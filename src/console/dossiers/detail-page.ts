/**
 * @module One dossier for officials: every answer with its label and readable value, photos as
 * thumbnails, applicant and submitter, the open supplement request, amendments (old → new),
 * history, the delivery state of every message sent about it, followers — and the actions the
 * lifecycle allows now.
 */
import type { Dossier } from '../../dossiers/dossier.ts';
import type { FieldRegistry } from '../../engine/turn.ts';
import type { CompiledFlow } from '../../flows/compile-flow.ts';
import { pick } from '../../i18n/text.ts';
import type { ConsoleContext } from '../console-module.ts';
import { channelName, formatVnTime, maskChatId, vnToday } from '../format.ts';
import { html, type Html } from '../html.ts';
import { answerRows, displayValue, otherPhotos, stepLabel, supplementChoices } from './answer-rows.ts';
import { consoleActions, renderActionForms, type ActionFormState } from './action-forms.ts';
import type { DeliveryRow } from './delivery-rows.ts';
import { DOSSIERS_PATH, statusBadge } from './list-page.ts';

export interface DetailInput {
  dossier: Dossier;
  flow: CompiledFlow | undefined;
  fields: FieldRegistry;
  /** Undefined when no outbox is configured. */
  deliveries: DeliveryRow[] | undefined;
  failed?: ActionFormState;
}

const photoUrl = (code: string, id: string, thumb: boolean): string => `${DOSSIERS_PATH}/${code}/photos/${id}${thumb ? '?size=thumb' : ''}`;

function photoStrip(ctx: ConsoleContext, code: string, ids: string[], label: string): Html {
  return html`<ul class="photos">${ids.map(
    (id, i) => html`<li><a href="${photoUrl(code, id, false)}" target="_blank" rel="noopener noreferrer" title="${ctx.t('detail.open_photo')}"><img src="${photoUrl(code, id, true)}" alt="${label} ${i + 1}" loading="lazy" width="160" height="120"></a></li>`,
  )}</ul>`;
}

/** "official:lan" → "lan (cán bộ)", "citizen" → "Công dân". */
function who(ctx: ConsoleContext, by: string): string {
  if (by.startsWith('official:')) return ctx.t('by.official', { name: by.slice('official:'.length) });
  if (by === 'citizen' || by === 'gateway') return ctx.t(`by.${by}`);
  return by;
}

function section(title: string, body: Html | string, id?: string): Html {
  return html`<section class="panel"${id ? html` id="${id}"` : ''}><h2>${title}</h2>${body}</section>`;
}

function answersSection(ctx: ConsoleContext, input: DetailInput): Html {
  const d = input.dossier;
  const rows = answerRows(d, input.flow, input.fields, ctx.locale);
  const extra = otherPhotos(d, rows);
  return section(
    ctx.t('detail.answers'),
    html`<table class="answers"><tbody>${rows.map(
      (r) => html`<tr><th scope="row">${r.label}</th><td>${
        r.photos.length
          ? html`${photoStrip(ctx, d.code, r.photos, r.label)}${r.sensitive ? html`<p class="small warn">${ctx.t('detail.sensitive_photo')}</p>` : ''}`
          : html`<span class="value">${r.text}</span>`
      }</td></tr>`,
    )}${extra.length ? html`<tr><th scope="row">${ctx.t('detail.other_photos')}</th><td>${photoStrip(ctx, d.code, extra, ctx.t('detail.other_photos'))}</td></tr>` : ''}</tbody></table>`,
  );
}

function peopleSection(ctx: ConsoleContext, input: DetailInput): Html {
  const d = input.dossier;
  const map = input.flow?.flow.dossier ?? {};
  const stepOf = (id: string | undefined) => (id ? input.flow?.steps.get(id) : undefined);
  const applicant: [string, string | undefined][] = [
    [ctx.t('detail.applicant_name'), d.applicant.name],
    [ctx.t('detail.applicant_id'), d.applicant.idNumber && displayValue(input.fields, stepOf(map.applicantId), d.applicant.idNumber, ctx.locale)],
    [ctx.t('detail.applicant_phone'), d.applicant.phone && displayValue(input.fields, stepOf(map.applicantPhone), d.applicant.phone, ctx.locale)],
    [ctx.t('detail.ward'), d.ward],
  ];
  const relationship = d.submitter.relationship ? displayValue(input.fields, stepOf(map.relationship), d.submitter.relationship, ctx.locale) : undefined;
  const submitter = d.submitter.self
    ? ctx.t('detail.submitter_self')
    : relationship
      ? ctx.t('detail.submitter_relative_as', { relationship })
      : ctx.t('detail.submitter_relative');
  return section(
    ctx.t('detail.people'),
    html`<dl class="facts">
  ${applicant.map(([k, v]) => html`<dt>${k}</dt><dd>${v ?? html`<span class="muted">—</span>`}</dd>`)}
  <dt>${ctx.t('detail.submitter')}</dt><dd>${submitter}</dd>
  <dt>${ctx.t('detail.channel')}</dt><dd>${channelName(d.submitter.channel)} <span class="muted">${maskChatId(d.submitter.chatId)}</span></dd>
</dl>`,
  );
}

function supplementBanner(ctx: ConsoleContext, input: DetailInput): Html | '' {
  const s = input.dossier.supplement;
  if (!s || input.dossier.status !== 'supplement_requested') return '';
  const labels = s.steps.map((id) => stepLabel(input.flow, id, ctx.locale));
  return html`<section class="panel notice" aria-label="${ctx.t('detail.supplement_open')}">
  <h2>${ctx.t('detail.supplement_open')}</h2>
  <p>${ctx.t('detail.supplement_requested_by', { who: who(ctx, s.by), when: formatVnTime(s.requestedAt) })}</p>
  <ul>${labels.map((l) => html`<li>${l}</li>`)}</ul>
  <blockquote>${s.message}</blockquote>
</section>`;
}

function amendmentsSection(ctx: ConsoleContext, input: DetailInput): Html | '' {
  const d = input.dossier;
  if (d.amendments.length === 0) return '';
  const show = (stepId: string, v: Dossier['amendments'][number]['after'] | undefined): Html => {
    const step = input.flow?.steps.get(stepId);
    if (step?.type === 'photo') {
      const ids = typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      return ids.length ? photoStrip(ctx, d.code, ids.filter((id) => d.photos.includes(id)), stepLabel(input.flow, stepId, ctx.locale)) : html`<span class="muted">—</span>`;
    }
    return html`${displayValue(input.fields, step, v, ctx.locale)}`;
  };
  return section(
    ctx.t('detail.amendments'),
    html`<table class="grid"><thead><tr><th scope="col">${ctx.t('detail.col_time')}</th><th scope="col">${ctx.t('detail.col_step')}</th><th scope="col">${ctx.t('detail.col_before')}</th><th scope="col">${ctx.t('detail.col_after')}</th></tr></thead><tbody>${[...d.amendments]
      .reverse()
      .map(
        (a) => html`<tr><td class="nowrap">${formatVnTime(a.at)}</td><td>${stepLabel(input.flow, a.step, ctx.locale)}</td><td class="before">${show(a.step, a.before)}</td><td class="after">${show(a.step, a.after)}</td></tr>`,
      )}</tbody></table>`,
  );
}

function historySection(ctx: ConsoleContext, d: Dossier): Html {
  return section(
    ctx.t('detail.history'),
    html`<table class="grid history"><thead><tr><th scope="col">${ctx.t('detail.col_time')}</th><th scope="col">${ctx.t('detail.col_status')}</th><th scope="col">${ctx.t('detail.col_by')}</th><th scope="col">${ctx.t('detail.col_note')}</th></tr></thead><tbody>${[...d.history]
      .reverse()
      .map(
        (h) => html`<tr><td class="nowrap">${formatVnTime(h.at)}</td><td>${statusBadge(ctx, h.status)}</td><td>${who(ctx, h.by)}</td><td class="note">${h.note ?? ''}</td></tr>`,
      )}</tbody></table>`,
  );
}

function deliveriesSection(ctx: ConsoleContext, input: DetailInput): Html {
  const rows = input.deliveries;
  if (!rows) return section(ctx.t('detail.deliveries'), html`<p class="muted">${ctx.t('detail.deliveries_unavailable')}</p>`, 'deliveries');
  if (rows.length === 0) return section(ctx.t('detail.deliveries'), html`<p class="muted">${ctx.t('detail.deliveries_none')}</p>`, 'deliveries');
  const what = (r: DeliveryRow): string => {
    const kind = ctx.t(`delivery.kind.${r.kind}`);
    const known = kind !== `console.delivery.kind.${r.kind}` ? kind : r.kind;
    return r.entry ? `${known}: ${ctx.t(`status.${r.entry.status}`)}` : known;
  };
  return section(
    ctx.t('detail.deliveries'),
    html`<table class="grid"><thead><tr><th scope="col">${ctx.t('detail.col_message')}</th><th scope="col">${ctx.t('detail.col_recipient')}</th><th scope="col">${ctx.t('detail.col_delivery')}</th><th scope="col">${ctx.t('detail.col_updated')}</th></tr></thead><tbody>${rows.map(
      (r) => html`<tr>
  <td>${what(r)}</td>
  <td>${r.recipient ? html`${ctx.t(`delivery.role.${r.recipient.role}`)} · ${channelName(r.recipient.channel)} <span class="muted">${maskChatId(r.recipient.chatId)}</span>` : html`<span class="muted">${r.state.id}</span>`}</td>
  <td><span class="badge d-${r.state.status}">${ctx.t(`delivery.${r.state.status}`)}</span>${r.state.attempts > 1 ? html` <span class="small muted">${ctx.t('detail.attempts', { count: r.state.attempts })}</span>` : ''}${r.state.error ? html` <span class="small muted">${r.state.error}</span>` : ''}</td>
  <td class="nowrap">${formatVnTime(r.state.updatedAt)}</td>
</tr>`,
    )}</tbody></table>`,
    'deliveries',
  );
}

function followersSection(ctx: ConsoleContext, d: Dossier): Html {
  if (d.followers.length === 0) return section(ctx.t('detail.followers'), html`<p class="muted">${ctx.t('detail.followers_none')}</p>`);
  return section(
    ctx.t('detail.followers'),
    html`<table class="grid"><thead><tr><th scope="col">${ctx.t('detail.channel')}</th><th scope="col">${ctx.t('detail.col_language')}</th><th scope="col">${ctx.t('detail.col_since')}</th></tr></thead><tbody>${d.followers.map(
      (f) => html`<tr><td>${channelName(f.channel)} <span class="muted">${maskChatId(f.chatId)}</span></td><td>${f.locale === 'vi' ? 'Tiếng Việt' : 'English'}</td><td class="nowrap">${formatVnTime(f.since)}</td></tr>`,
    )}</tbody></table>`,
  );
}

/** The applicant's address (first address answer), to pre-fill delivery by post. */
function addressOf(input: DetailInput, ctx: ConsoleContext): string | undefined {
  for (const step of input.flow?.flow.steps ?? []) {
    if (step.type === 'address' && step.id in input.dossier.answers) return displayValue(input.fields, step, input.dossier.answers[step.id], ctx.locale);
  }
  return undefined;
}

export function renderDetailPage(ctx: ConsoleContext, input: DetailInput): Html {
  const d = input.dossier;
  const title = input.flow ? pick(input.flow.flow.title, ctx.locale) : d.procedureId;
  const postAddress = addressOf(input, ctx);
  const actions = renderActionForms(ctx, {
    dossier: d,
    steps: supplementChoices(d, input.flow, vnToday(ctx.now), ctx.locale),
    ...(postAddress ? { postAddress } : {}),
    ...(input.failed ? { failed: input.failed } : {}),
  });
  return html`<div class="page-head">
  <p class="crumbs"><a href="${DOSSIERS_PATH}">← ${ctx.t('detail.back')}</a></p>
  <h1><span class="code">${d.code}</span> ${statusBadge(ctx, d.status)}</h1>
  <p class="muted">${title} · ${ctx.t('detail.submitted_at', { when: formatVnTime(d.submittedAt) })} · ${ctx.t('detail.updated_at', { when: formatVnTime(d.updatedAt) })}</p>
</div>
${
  // A refused action whose form is not on the page (no longer allowed) is explained at the top.
  input.failed && !consoleActions(d).includes(input.failed.action) ? html`<p class="flash error" role="alert">${input.failed.error}</p>` : ''
}
<div class="detail">
  <aside class="side">
    <section class="panel actions" aria-labelledby="actions-title"><h2 id="actions-title">${ctx.t('detail.actions')}</h2>${actions}</section>
  </aside>
  <div class="main">
    ${supplementBanner(ctx, input)}
    ${answersSection(ctx, input)}
    ${peopleSection(ctx, input)}
    ${amendmentsSection(ctx, input)}
    ${historySection(ctx, d)}
    ${deliveriesSection(ctx, input)}
    ${followersSection(ctx, d)}
  </div>
</div>`;
}
