/**
 * @module The last step before sending: "Gửi cho 1.234 người?" with the counts by channel and
 * language, when it goes out, and the text — one button sends, the other goes back.
 */
import type { AudienceCount } from '../../broadcast/broadcast-service.ts';
import type { ConsoleContext } from '../console-module.ts';
import { formatVnTime } from '../format.ts';
import { html, type Html } from '../html.ts';
import { countTable, excerpt, formatCount } from './broadcast-format.ts';
import type { ComposerDraft } from './draft-store.ts';
import { draftPath } from './preview-page.ts';

export function renderConfirmPage(ctx: ConsoleContext, draft: ComposerDraft, count: AudienceCount): Html {
  const question = draft.scheduledAt
    ? ctx.t('broadcasts.confirm.question_later', { count: formatCount(count.total, ctx.locale), when: formatVnTime(draft.scheduledAt) })
    : ctx.t('broadcasts.confirm.question_now', { count: formatCount(count.total, ctx.locale) });
  return html`<section class="panel narrow confirm" aria-labelledby="confirm-title">
  <h1 id="confirm-title">${question}</h1>
  ${countTable(ctx, count)}
  <p class="quote">${excerpt(draft.values.textVi, 200)}</p>
  ${draft.values.textEn ? html`<p class="quote" lang="en">${excerpt(draft.values.textEn, 200)}</p>` : ''}
  <p class="hint">${ctx.t(draft.scheduledAt ? 'broadcasts.confirm.hint_later' : 'broadcasts.confirm.hint_now')}</p>
  <form method="post" action="${draftPath(draft.id)}/send" class="confirm-buttons">${ctx.csrfField()}
    <input type="hidden" name="expected" value="${count.total}">
    <button type="submit" class="primary">${ctx.t(draft.scheduledAt ? 'broadcasts.confirm.yes_later' : 'broadcasts.confirm.yes_now', { count: formatCount(count.total, ctx.locale) })}</button>
    <a class="button" href="${draftPath(draft.id)}">${ctx.t('broadcasts.confirm.back')}</a>
  </form>
</section>`;
}
