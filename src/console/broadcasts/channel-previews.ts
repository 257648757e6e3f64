/**
 * @module How a broadcast will look in each chat, computed by the channels' own renderers
 * (both are pure and import no SDK at run time): on Zalo, plain text without buttons, split at
 * 2000 characters, the image first with the text as caption when it is short; on Telegram,
 * the HTML the bot sends (escaped text, split at 4096 characters, the photo's caption up to
 * 1024). The composer shows these before anything is sent.
 */
import type { Locale, OutboundMessage } from '../../channels/channel.ts';
import { renderOutbound as renderTelegram } from '../../channels/telegram/render-outbound.ts';
import { renderOutbound as renderZalo } from '../../channels/zalo/render-outbound.ts';
import type { Translate } from '../../i18n/locales.ts';
import { CHANNEL_TEXT_LIMITS } from './compose-values.ts';

/** One message as it arrives in the chat. */
export interface PreviewBubble {
  /** The text as the citizen reads it ('' for an image without caption). */
  text: string;
  /** The message carries the image. */
  image: boolean;
  /** Telegram only: the HTML sent with parse_mode HTML. */
  html?: string;
}

export function zaloPreview(messages: readonly OutboundMessage[], locale: Locale, t: Translate): PreviewBubble[] {
  return messages.flatMap((m) =>
    renderZalo(m, { locale, t, maxText: CHANNEL_TEXT_LIMITS.zalo }).map((p) =>
      p.kind === 'image' ? { text: p.caption ?? '', image: true } : { text: p.text, image: false },
    ),
  );
}

export function telegramPreview(messages: readonly OutboundMessage[]): PreviewBubble[] {
  const sends = renderTelegram(messages, {
    replyKeyboardShown: false,
    // Broadcasts have no buttons or keyboards; these are never shown.
    labels: { shareContact: '', shareLocation: '', chooseBelow: '' },
    callbackData: (v) => v,
  });
  return sends.map((s) => ({ text: s.plain, image: s.photo !== undefined, html: s.html }));
}
