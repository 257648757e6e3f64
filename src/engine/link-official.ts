/**
 * @module Links an official's own chat to their console account: "liên kết 123456" (also
 * without diacritics, or "link 123456") in any channel, or Telegram's deep link
 * `/start ob_123456`. The code comes from the console's "My chat" page; the engine only
 * recognises the command and hands the code to an injected `OfficialLinks` (no console or
 * officials import here). Attempts are rate-limited per chat, so codes cannot be guessed.
 */
import type { ChannelName, InboundEvent, Locale } from '../channels/channel.ts';
import { fold } from '../nlu/fold.ts';
import { say, tr, type Turn } from './turn.ts';

export interface OfficialLinks {
  /** Links the chat to the official whose live code this is; null when the code is unknown or expired. */
  redeem(code: string, chat: { channel: ChannelName; chatId: string; locale: Locale }): Promise<{ username: string } | null>;
}

const MAX_TRIES_PER_CHAT = 5;
const WINDOW_S = 3600;

/** The 6-digit code in a link command, or null when the event is not one. */
export function matchLinkCode(event: InboundEvent): string | null {
  if (event.kind === 'start') return /^ob_(\d{6})$/.exec(event.payload?.trim() ?? '')?.[1] ?? null;
  if (event.kind !== 'text' || event.text.length > 40) return null;
  return /^(?:lien ket|link)\s+(\d{6})$/.exec(fold(event.text))?.[1] ?? null;
}

/** Handles a link command when the app offers linking; false leaves the message to the rest of the engine. */
export async function linkOfficialChat(turn: Turn, links: OfficialLinks | undefined): Promise<boolean> {
  if (!links) return false;
  const code = matchLinkCode(turn.msg.event);
  if (!code) return false;
  const { channel, chatId } = turn.msg;
  const tries = await turn.deps.store.counters.hit(`official-link:${channel}:${chatId}`, WINDOW_S);
  if (tries > MAX_TRIES_PER_CHAT) {
    say(turn, tr(turn, 'console.chat_link.too_many'));
    return true;
  }
  const linked = await links.redeem(code, { channel, chatId, locale: turn.session.locale });
  turn.deps.log.info({ chat: `${channel}:${chatId}`, linked: linked !== null }, 'official chat link attempt');
  say(turn, linked ? tr(turn, 'console.chat_link.linked', { username: linked.username }) : tr(turn, 'console.chat_link.wrong'));
  return true;
}
