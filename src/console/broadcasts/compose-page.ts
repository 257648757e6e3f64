/**
 * @module The composer: the texts (Vietnamese required, English optional), an optional image
 * and link, and the audience (wards with a filter, topics, languages, channels). A plain form
 * with a file input: "Lọc" narrows the ward list and "Xem trước" goes on to the preview, both
 * keeping everything typed. Problems are shown beside their fields.
 */
import { TOPICS } from '../../broadcast/subscription.ts';
import type { ConsoleContext } from '../console-module.ts';
import { channelName } from '../format.ts';
import { html, type Html } from '../html.ts';
import { BROADCASTS_PATH, formatCount } from './broadcast-format.ts';
import { subNav } from './sub-nav.ts';
import { AUDIENCE_CHANNELS, AUDIENCE_LOCALES, CHANNEL_TEXT_LIMITS, MAX_LINK, MAX_TEXT, type ComposeField, type ComposeValues, type FieldProblem } from './compose-values.ts';
import type { WardChoice } from './ward-choices.ts';

export interface ComposePageInput {
  values: ComposeValues;
  problems: FieldProblem[];
  draftId?: string;
  /** Where the draft's image can be seen, when it has one. */
  imageUrl?: string;
  wards: { choices: WardChoice[]; more: number };
  /** Subscribers in all (to say what "no ward ticked" means). */
  subscribers: number;
  maxImageMb: number;
}

function problemsFor(ctx: ConsoleContext, problems: FieldProblem[], field: ComposeField): Html {
  const mine = problems.filter((p) => p.field === field);
  return html`${mine.map((p) => html`<p class="field-error" id="err-${field}">${ctx.t(p.key, p.params)}</p>`)}`;
}

const checked = (on: boolean): Html => (on ? html` checked` : html``);
const invalid = (problems: FieldProblem[], field: ComposeField): Html => (problems.some((p) => p.field === field) ? html` aria-invalid="true" aria-describedby="err-${field}"` : html``);

function counter(ctx: ConsoleContext, text: string): Html {
  if (!text) return html``;
  const n = text.length;
  const parts = Math.ceil(n / CHANNEL_TEXT_LIMITS.zalo);
  return html` <span class="counter">${ctx.t('broadcasts.compose.count', { count: formatCount(n, ctx.locale) })}${parts > 1 ? html` · ${ctx.t('broadcasts.compose.zalo_parts', { count: parts })}` : ''}</span>`;
}

export function renderComposePage(ctx: ConsoleContext, p: ComposePageInput): Html {
  const v = p.values;
  const fieldsetOf = <T extends string>(field: ComposeField, legend: string, options: readonly T[], chosen: readonly T[], label: (x: T) => string): Html =>
    html`<fieldset class="options"${invalid(p.problems, field)}><legend>${legend}</legend>
    ${options.map((o) => html`<label class="check"><input type="checkbox" name="${field}" value="${o}"${checked(chosen.includes(o))}> ${label(o)}</label>`)}
    <p class="hint">${ctx.t('broadcasts.compose.none_means_all')}</p>
    ${problemsFor(ctx, p.problems, field)}</fieldset>`;
  const wardList = p.wards.choices.length
    ? html`<div class="ward-list">${p.wards.choices.map(
        (w) => html`<label class="check"><input type="checkbox" name="wards" value="${w.code}"${checked(w.checked)}> ${w.name} <span class="muted small">${ctx.t('broadcasts.compose.ward_subscribers', { count: formatCount(w.subscribers, ctx.locale) })}</span></label>`,
      )}</div>${p.wards.more > 0 ? html`<p class="hint">${ctx.t('broadcasts.compose.ward_more', { count: p.wards.more })}</p>` : ''}`
    : html`<p class="hint">${v.wardFilter ? ctx.t('broadcasts.compose.ward_no_match') : ctx.t('broadcasts.compose.ward_none_yet')}</p>`;
  const general = p.problems.filter((x) => !['text_vi', 'text_en', 'link', 'image', 'wards', 'topics', 'locales', 'channels'].includes(x.field));

  return html`<div class="page-head"><h1>${ctx.t('broadcasts.compose.title')}</h1>${subNav(ctx, 'new')}</div>
${p.problems.length ? html`<p class="flash error" role="alert">${ctx.t('broadcasts.compose.fix_problems')}</p>` : ''}
${general.map((x) => html`<p class="field-error">${ctx.t(x.key, x.params)}</p>`)}
<form method="post" action="${BROADCASTS_PATH}/compose" enctype="multipart/form-data" class="composer">
${ctx.csrfField()}
${p.draftId ? html`<input type="hidden" name="draft" value="${p.draftId}">` : ''}
<div class="compose-grid">
<section class="panel stack" aria-labelledby="content-title">
  <h2 id="content-title">${ctx.t('broadcasts.compose.content')}</h2>
  <label for="text_vi">${ctx.t('broadcasts.compose.text_vi')}${counter(ctx, v.textVi)}</label>
  <textarea id="text_vi" name="text_vi" rows="8" maxlength="${MAX_TEXT}"${invalid(p.problems, 'text_vi')}>${v.textVi}</textarea>
  ${problemsFor(ctx, p.problems, 'text_vi')}
  <p class="hint">${ctx.t('broadcasts.compose.limits', { zalo: formatCount(CHANNEL_TEXT_LIMITS.zalo, ctx.locale), telegram: formatCount(CHANNEL_TEXT_LIMITS.telegram, ctx.locale), max: formatCount(MAX_TEXT, ctx.locale) })}</p>
  <label for="text_en">${ctx.t('broadcasts.compose.text_en')}${counter(ctx, v.textEn)}</label>
  <textarea id="text_en" name="text_en" rows="6" maxlength="${MAX_TEXT}" lang="en"${invalid(p.problems, 'text_en')}>${v.textEn}</textarea>
  ${problemsFor(ctx, p.problems, 'text_en')}
  <p class="hint">${ctx.t('broadcasts.compose.text_en_hint')}</p>
  <label for="link">${ctx.t('broadcasts.compose.link')}</label>
  <input id="link" name="link" type="url" inputmode="url" value="${v.link}" maxlength="${MAX_LINK}" placeholder="https://dichvucong.gov.vn/…" spellcheck="false"${invalid(p.problems, 'link')}>
  ${problemsFor(ctx, p.problems, 'link')}
  <p class="hint">${ctx.t('broadcasts.compose.link_hint')}</p>
  <label for="image">${ctx.t('broadcasts.compose.image')}</label>
  ${p.imageUrl ? html`<div class="current-image"><img src="${p.imageUrl}" alt="${ctx.t('broadcasts.preview.image_alt')}"><label class="check"><input type="checkbox" name="image_remove" value="1"> ${ctx.t('broadcasts.compose.image_remove')}</label></div>` : ''}
  <input id="image" name="image" type="file" accept="image/jpeg,image/png,image/webp"${invalid(p.problems, 'image')}>
  ${problemsFor(ctx, p.problems, 'image')}
  <p class="hint">${ctx.t(p.imageUrl ? 'broadcasts.compose.image_replace_hint' : 'broadcasts.compose.image_hint', { maxMb: p.maxImageMb })}</p>
</section>
<section class="panel stack" aria-labelledby="audience-title">
  <h2 id="audience-title">${ctx.t('broadcasts.compose.audience')}</h2>
  <fieldset class="wards"${invalid(p.problems, 'wards')}><legend>${ctx.t('broadcasts.audience.wards')}</legend>
    <div class="ward-filter">
      <label for="ward_filter" class="sr-only">${ctx.t('broadcasts.compose.ward_filter')}</label>
      <input id="ward_filter" name="ward_filter" type="search" value="${v.wardFilter}" placeholder="${ctx.t('broadcasts.compose.ward_filter')}" maxlength="100">
      <button type="submit" name="op" value="filter" formnovalidate>${ctx.t('broadcasts.compose.ward_filter_button')}</button>
    </div>
    ${wardList}
    <p class="hint">${ctx.t('broadcasts.compose.wards_none_means_all', { count: formatCount(p.subscribers, ctx.locale) })}</p>
    ${problemsFor(ctx, p.problems, 'wards')}
  </fieldset>
  ${fieldsetOf('topics', ctx.t('broadcasts.audience.topics'), TOPICS, v.topics, (x) => ctx.t(`broadcasts.topic.${x}`))}
  ${fieldsetOf('locales', ctx.t('broadcasts.audience.locales'), AUDIENCE_LOCALES, v.locales, (x) => ctx.t(`broadcasts.locale.${x}`))}
  ${fieldsetOf('channels', ctx.t('broadcasts.audience.channels'), AUDIENCE_CHANNELS, v.channels, channelName)}
</section>
</div>
<div class="form-end"><button type="submit" name="op" value="preview" class="primary">${ctx.t('broadcasts.compose.to_preview')}</button></div>
</form>`;
}
