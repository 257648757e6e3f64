/**
 * @module Turns the engine's OutboundMessages into Bot API sends: escaped HTML text split at
 * 4096 characters, choices as an inline keyboard on the last part, "share my number" /
 * "share location" as a one-time reply keyboard, a reply keyboard removed on the first
 * message that no longer needs it, images as photos with the text as caption when it fits.
 * Pure: the writer performs the sends.
 */
import type { InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'telegraf/types';
import type { OutboundMessage } from '../channel.ts';
import { escapeHtml } from './html.ts';
import { splitText } from './split-text.ts';

export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;
/** Labels up to this long sit two per row; longer ones get a row each. */
const SHORT_LABEL = 16;

export interface PlannedSend {
  /** Escaped text or caption ('' for a photo without caption). */
  html: string;
  /** The same text unescaped, for the plain-text fallback. */
  plain: string;
  photo?: { data: Uint8Array; mime: string } | { url: string };
  markup?: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;
  /** Inline buttons (callback_data → label) to remember as the chat's live keyboard. */
  buttons?: Map<string, string>;
  /** true: this send shows a reply keyboard; false: it removes one. */
  replyKeyboard?: boolean;
}

/** A send and which of the messages given to `renderOutbound` it belongs to (0-based). */
export type PlannedPart = PlannedSend & { message: number };

export interface RenderContext {
  /** Whether the chat currently shows our reply keyboard. */
  replyKeyboardShown: boolean;
  labels: { shareContact: string; shareLocation: string; chooseBelow: string };
  callbackData(value: string): string;
}

export function renderOutbound(messages: readonly OutboundMessage[], ctx: RenderContext): PlannedPart[] {
  const out: PlannedPart[] = [];
  let shown = ctx.replyKeyboardShown;
  for (const [i, m] of messages.entries()) {
    const sends = renderOne(m, ctx).map((s) => ({ ...s, message: i }));
    for (const s of sends) {
      if (s.replyKeyboard === true) shown = true;
      else if (shown && s.markup === undefined) {
        s.markup = { remove_keyboard: true };
        s.replyKeyboard = false;
        shown = false;
      }
    }
    out.push(...sends);
  }
  return out;
}

function renderOne(m: OutboundMessage, ctx: RenderContext): PlannedSend[] {
  const choices = m.choices ?? [];
  let parts = splitText(m.text, MAX_TEXT);
  if (parts.length === 0 && !m.image && (choices.length > 0 || m.requestContact || m.requestLocation)) parts = [ctx.labels.chooseBelow];

  const sends: PlannedSend[] = [];
  if (m.image) {
    const photo = m.image.data ? { data: m.image.data, mime: m.image.mime } : m.image.url ? { url: m.image.url } : undefined;
    if (photo) {
      const caption = parts.length === 1 && (parts[0] ?? '').length <= MAX_CAPTION ? (parts.shift() ?? '') : '';
      sends.push({ html: escapeHtml(caption), plain: caption, photo });
    }
  }
  for (const p of parts) sends.push({ html: escapeHtml(p), plain: p });
  const last = sends.at(-1);
  if (!last) return sends;

  if (m.requestContact || m.requestLocation) {
    const rows: ReplyKeyboardMarkup['keyboard'] = [];
    if (m.requestContact) rows.push([{ text: ctx.labels.shareContact, request_contact: true }]);
    if (m.requestLocation) rows.push([{ text: ctx.labels.shareLocation, request_location: true }]);
    // Choices shown with a reply keyboard come back as their label in text, which the engine matches.
    for (const c of choices) rows.push([{ text: c.label }]);
    last.markup = { keyboard: rows, one_time_keyboard: true, resize_keyboard: true };
    last.replyKeyboard = true;
  } else if (choices.length > 0) {
    const buttons = new Map<string, string>();
    const inline = choices.map((c) => {
      const data = ctx.callbackData(c.value);
      buttons.set(data, c.label);
      return { text: c.label, callback_data: data };
    });
    const perRow = inline.length > 1 && choices.every((c) => c.label.length <= SHORT_LABEL) ? 2 : 1;
    const rows: InlineKeyboardMarkup['inline_keyboard'] = [];
    for (let i = 0; i < inline.length; i += perRow) rows.push(inline.slice(i, i + perRow));
    last.markup = { inline_keyboard: rows };
    last.buttons = buttons;
  }
  return sends;
}
