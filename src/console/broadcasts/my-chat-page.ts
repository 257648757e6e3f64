/**
 * @module "Chat của tôi": the official's own chat with the bot, where test sends go. Shows the
 * linked chat (and a button to unlink it), or a one-time 6-digit code to type in the bot's
 * chat. While a code waits, the page reloads itself so it shows the link as soon as it is made.
 */
import type { LinkCode } from '../../officials/official-links.ts';
import type { OfficialChat } from '../../officials/official.ts';
import type { ConsoleContext } from '../console-module.ts';
import { channelName, formatVnTime, maskChatId } from '../format.ts';
import { html, type Html } from '../html.ts';
import { BROADCASTS_PATH } from './broadcast-format.ts';
import { subNav } from './sub-nav.ts';

export const MY_CHAT_PATH = `${BROADCASTS_PATH}/my-chat`;
/** Reloads while a code waits to be typed. */
export const MY_CHAT_REFRESH_SECONDS = 5;

export function renderMyChatPage(ctx: ConsoleContext, chat: OfficialChat | undefined, code: LinkCode | null): Html {
  const linked = chat
    ? html`<dl class="facts">
    <dt>${ctx.t('broadcasts.my_chat.channel')}</dt><dd>${channelName(chat.channel)} <span class="muted">${maskChatId(chat.chatId)}</span></dd>
    <dt>${ctx.t('broadcasts.my_chat.language')}</dt><dd>${ctx.t(`broadcasts.locale.${chat.locale}`)}</dd>
    <dt>${ctx.t('broadcasts.my_chat.linked_at')}</dt><dd>${formatVnTime(chat.linkedAt)}</dd>
  </dl>
  <form method="post" action="${MY_CHAT_PATH}/unlink" class="action">${ctx.csrfField()}<button type="submit">${ctx.t('broadcasts.my_chat.unlink')}</button></form>`
    : html`<p>${ctx.t('broadcasts.my_chat.not_linked')}</p>`;
  const codePanel = code
    ? html`<p>${ctx.t('broadcasts.my_chat.type_this')}</p>
  <p class="link-code" aria-label="${ctx.t('broadcasts.my_chat.code')}">${code.code}</p>
  <p class="command"><code>liên kết ${code.code}</code></p>
  <p class="hint">${ctx.t('broadcasts.my_chat.telegram', { command: `/start ob_${code.code}` })}</p>
  <p class="hint">${ctx.t('broadcasts.my_chat.expires', { when: formatVnTime(code.expiresAt.toISOString()) })}</p>`
    : html`<form method="post" action="${MY_CHAT_PATH}/code" class="action">${ctx.csrfField()}<button type="submit" class="primary">${ctx.t(chat ? 'broadcasts.my_chat.relink' : 'broadcasts.my_chat.get_code')}</button></form>
  <p class="hint">${ctx.t('broadcasts.my_chat.how')}</p>`;
  return html`<div class="page-head"><h1>${ctx.t('broadcasts.my_chat.title')}</h1>${subNav(ctx, 'my-chat')}</div>
<section class="panel narrow"><h2>${ctx.t('broadcasts.my_chat.current')}</h2>${linked}</section>
<section class="panel narrow"><h2>${ctx.t(chat ? 'broadcasts.my_chat.change' : 'broadcasts.my_chat.link')}</h2>${codePanel}</section>`;
}
