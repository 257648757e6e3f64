/**
 * @module The chat previews as HTML: a Zalo column and a Telegram column of message bubbles,
 * links shown as links (only https, as the composer accepts), the image where it will be.
 */
import type { ConsoleContext } from '../console-module.ts';
import { html, type Html } from '../html.ts';
import type { PreviewBubble } from './channel-previews.ts';

const URL_PATTERN = /https:\/\/[^\s<>"]+/g;

/** Text with its https addresses as links; everything escaped. */
export function linkify(text: string): Html {
  const out: Html[] = [];
  let at = 0;
  for (const m of text.matchAll(URL_PATTERN)) {
    // Sentence punctuation after an address is not part of it.
    const url = m[0].replace(/[.,;:!?)]+$/, '');
    out.push(html`${text.slice(at, m.index)}<a href="${url}" rel="noopener noreferrer" target="_blank">${url}</a>`);
    at = m.index + url.length;
  }
  out.push(html`${text.slice(at)}`);
  return html`${out}`;
}

export interface BubbleColumn {
  channel: 'zalo' | 'telegram';
  bubbles: PreviewBubble[];
}

export function renderBubbles(ctx: ConsoleContext, col: BubbleColumn, imageUrl: string | undefined): Html {
  const n = col.bubbles.length;
  return html`<div class="chat-preview ${col.channel}">
  <p class="chat-name">${ctx.t(`broadcasts.preview.${col.channel}`)}${n > 1 ? html` <small>${ctx.t('broadcasts.preview.parts', { count: n })}</small>` : ''}</p>
  ${col.bubbles.map(
    (b, i) => html`<div class="bubble">
    ${n > 1 ? html`<span class="part">${i + 1}/${n}</span>` : ''}
    ${b.image ? (imageUrl ? html`<img src="${imageUrl}" alt="${ctx.t('broadcasts.preview.image_alt')}">` : html`<p class="muted">${ctx.t('broadcasts.preview.image_alt')}</p>`) : ''}
    ${b.text ? html`<p class="text">${linkify(b.text)}</p>` : ''}
  </div>`,
  )}
  ${col.channel === 'telegram' && n > 0 ? html`<details><summary>${ctx.t('broadcasts.preview.html_sent')}</summary><pre>${col.bubbles.map((b) => b.html ?? '').join('\n\n———\n\n')}</pre></details>` : ''}
</div>`;
}
