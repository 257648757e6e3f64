/**
 * @module The preview step: who it reaches right now (total, by channel and language), how it
 * looks on Zalo and Telegram in each language it goes out in, a test send to the official's
 * own chat, and "send now" or "schedule" (a Vietnam date and time) — which lead to the
 * confirmation, never straight to sending.
 */
import type { AudienceCount } from '../../broadcast/broadcast-service.ts';
import type { Locale } from '../../channels/channel.ts';
import type { OfficialChat } from '../../officials/official.ts';
import type { ConsoleContext } from '../console-module.ts';
import { channelName, maskChatId, vnToday } from '../format.ts';
import { html, type Html } from '../html.ts';
import { audienceList, BROADCASTS_PATH, countTable, type WardNames } from './broadcast-format.ts';
import type { PreviewBubble } from './channel-previews.ts';
import type { ComposerDraft } from './draft-store.ts';
import type { FieldProblem } from './compose-values.ts';
import { renderBubbles } from './preview-bubbles.ts';
import { scheduleFields } from './schedule-input.ts';
import { subNav } from './sub-nav.ts';

export interface LocalePreview {
  locale: Locale;
  /** The English version is missing: these recipients get the Vietnamese text. */
  fallback: boolean;
  zalo: PreviewBubble[];
  telegram: PreviewBubble[];
}

export interface PreviewPageInput {
  draft: ComposerDraft;
  count: AudienceCount;
  previews: LocalePreview[];
  chat?: OfficialChat;
  imageUrl?: string;
  wardName: WardNames;
  /** A problem with the schedule or with sending (shown above the send form). */
  problem?: FieldProblem;
  /** What was typed in the schedule fields (kept after a problem). */
  schedule?: { date: string; time: string };
}

export function draftPath(id: string): string {
  return `${BROADCASTS_PATH}/drafts/${id}`;
}

function testSendPanel(ctx: ConsoleContext, p: PreviewPageInput): Html {
  const body = p.chat
    ? html`<form method="post" action="${draftPath(p.draft.id)}/test" class="stack">${ctx.csrfField()}
    <p>${ctx.t('broadcasts.test.to', { channel: channelName(p.chat.channel), chat: maskChatId(p.chat.chatId), language: ctx.t(`broadcasts.locale.${p.chat.locale}`) })}</p>
    <button type="submit">${ctx.t('broadcasts.test.button')}</button></form>`
    : html`<p>${ctx.t('broadcasts.test.no_chat')}</p><p><a class="button" href="${BROADCASTS_PATH}/my-chat">${ctx.t('broadcasts.test.link_chat')}</a></p>`;
  return html`<section class="panel" aria-labelledby="test-title"><h2 id="test-title">${ctx.t('broadcasts.test.title')}</h2>${body}</section>`;
}

function sendPanel(ctx: ConsoleContext, p: PreviewPageInput): Html {
  const fields = p.schedule ?? (p.draft.scheduledAt ? scheduleFields(p.draft.scheduledAt) : { date: '', time: '' });
  const nobody = p.count.total === 0;
  return html`<section class="panel" aria-labelledby="send-title"><h2 id="send-title">${ctx.t('broadcasts.send.title')}</h2>
  ${p.problem ? html`<p class="field-error" role="alert" id="err-schedule">${ctx.t(p.problem.key, p.problem.params)}</p>` : ''}
  ${nobody
    ? html`<p class="field-error">${ctx.t('broadcasts.send.nobody')}</p>`
    : html`<form method="post" action="${draftPath(p.draft.id)}/confirm" class="stack send-form">${ctx.csrfField()}
    <button type="submit" name="when" value="now" class="primary">${ctx.t('broadcasts.send.now')}</button>
    <fieldset><legend>${ctx.t('broadcasts.send.or_schedule')}</legend>
      <div class="schedule-fields">
        <label>${ctx.t('broadcasts.send.date')}<input type="date" name="send_date" value="${fields.date}" min="${vnToday(ctx.now)}"></label>
        <label>${ctx.t('broadcasts.send.time')}<input type="time" name="send_time" value="${fields.time}"></label>
      </div>
      <p class="hint">${ctx.t('broadcasts.send.timezone')}</p>
      <button type="submit" name="when" value="later">${ctx.t('broadcasts.send.schedule')}</button>
    </fieldset>
  </form>`}
</section>`;
}

export function renderPreviewPage(ctx: ConsoleContext, p: PreviewPageInput): Html {
  const seg = {
    ...(p.draft.values.wards.length ? { wardCodes: p.draft.values.wards } : {}),
    ...(p.draft.values.topics.length ? { topics: p.draft.values.topics } : {}),
    ...(p.draft.values.locales.length ? { locales: p.draft.values.locales } : {}),
    ...(p.draft.values.channels.length ? { channels: p.draft.values.channels } : {}),
  };
  const previews = p.previews.map(
    (lp) => html`<section class="panel" aria-labelledby="pv-${lp.locale}"><h2 id="pv-${lp.locale}">${ctx.t('broadcasts.preview.for_locale', { language: ctx.t(`broadcasts.locale.${lp.locale}`), count: p.count.byLocale[lp.locale] ?? 0 })}</h2>
    ${lp.fallback ? html`<p class="hint">${ctx.t('broadcasts.preview.en_fallback')}</p>` : ''}
    <div class="previews">${renderBubbles(ctx, { channel: 'zalo', bubbles: lp.zalo }, p.imageUrl)}${renderBubbles(ctx, { channel: 'telegram', bubbles: lp.telegram }, p.imageUrl)}</div>
  </section>`,
  );
  return html`<div class="page-head"><h1>${ctx.t('broadcasts.preview.title')}</h1>${subNav(ctx, 'new')}
  <p class="crumbs"><a href="${BROADCASTS_PATH}/new?draft=${p.draft.id}">← ${ctx.t('broadcasts.preview.edit')}</a></p></div>
<div class="detail">
  <div class="main">
    <section class="panel" aria-labelledby="reach-title"><h2 id="reach-title">${ctx.t('broadcasts.preview.reach')}</h2>
      ${countTable(ctx, p.count)}
      ${audienceList(ctx, seg, p.wardName)}
      <p class="hint">${ctx.t('broadcasts.preview.count_now')}</p>
    </section>
    ${previews}
  </div>
  <aside class="side">
    ${sendPanel(ctx, p)}
    ${testSendPanel(ctx, p)}
  </aside>
</div>`;
}
