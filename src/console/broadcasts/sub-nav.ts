/** @module The broadcast pages' own tabs: the list, a new message, the official's chat. */
import type { ConsoleContext } from '../console-module.ts';
import { html, type Html } from '../html.ts';
import { BROADCASTS_PATH } from './broadcast-format.ts';

export type BroadcastTab = 'list' | 'new' | 'my-chat' | 'none';

export function subNav(ctx: ConsoleContext, current: BroadcastTab): Html {
  const tab = (id: BroadcastTab, href: string, key: string): Html => html`<a href="${href}"${id === current ? html` aria-current="page"` : ''}>${ctx.t(key)}</a>`;
  return html`<nav class="subnav" aria-label="${ctx.t('broadcasts.nav_label')}">
  ${tab('list', BROADCASTS_PATH, 'broadcasts.tabs.list')}
  ${tab('new', `${BROADCASTS_PATH}/new`, 'broadcasts.tabs.new')}
  ${tab('my-chat', `${BROADCASTS_PATH}/my-chat`, 'broadcasts.tabs.my_chat')}
</nav>`;
}
