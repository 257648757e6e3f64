/**
 * @module How an OutboundMessage looks in a Zalo 1:1 chat, which has no buttons: choices
 * become a numbered list followed by "Trả lời 1, 2 hoặc 3" (the engine accepts the numbers),
 * the question is bold, an image goes first (with the text as its caption when short), and
 * long text is split to Zalo's limit.
 */
import type { Locale, OutboundMessage } from '../channel.ts';
import type { Translate } from '../../i18n/locales.ts';
import { splitStyled, type StyledText } from './split-text.ts';
import type { BoldRange } from './zalo-port.ts';

export type ZaloPart =
  | { kind: 'text'; text: string; bold: BoldRange[] }
  | { kind: 'image'; image: NonNullable<OutboundMessage['image']>; caption?: string };

export interface RenderOptions {
  locale: Locale;
  t: Translate;
  /** Longest text per message (Zalo: 2000). */
  maxText: number;
  /** Longest text sent as an image caption; longer text follows the image. */
  captionMax?: number;
}

/** More choices than this read better as a range than as "1, 2, 3, 4, 5, 6 or 7". */
const LIST_ALL_UP_TO = 5;

export function renderOutbound(m: OutboundMessage, opts: RenderOptions): ZaloPart[] {
  const body = renderBody(m, opts);
  const parts: ZaloPart[] = [];
  if (m.image) {
    const captionMax = Math.min(opts.captionMax ?? 1000, opts.maxText);
    if (!m.choices?.length && body.text.length > 0 && body.text.length <= captionMax) {
      return [{ kind: 'image', image: m.image, caption: body.text }];
    }
    parts.push({ kind: 'image', image: m.image });
  }
  for (const piece of splitStyled(body, opts.maxText)) parts.push({ kind: 'text', ...piece });
  return parts;
}

/** The message text with its choices as a numbered list and the reply instruction. */
export function renderBody(m: OutboundMessage, opts: Pick<RenderOptions, 'locale' | 't'>): StyledText {
  const question = m.text.trim();
  const blocks: string[] = [];
  const bold: BoldRange[] = [];
  if (question) blocks.push(question);
  const choices = m.choices ?? [];
  if (choices.length > 0) {
    // Bold the question itself — the last paragraph — not a whole explanation before it.
    const lastPara = question.lastIndexOf('\n\n');
    const qStart = lastPara >= 0 ? lastPara + 2 : 0;
    if (question.length > qStart) bold.push({ start: qStart, len: question.length - qStart });
    blocks.push(choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n'));
    blocks.push(replyInstruction(choices.length, opts));
  }
  if (m.requestLocation) blocks.push(opts.t(opts.locale, 'zalo.hint_location'));
  if (m.requestContact) blocks.push(opts.t(opts.locale, 'zalo.hint_contact'));
  return { text: blocks.join('\n\n'), bold };
}

/** "Trả lời 1", "Trả lời 1 hoặc 2", "Trả lời 1, 2 hoặc 3", "Trả lời một số từ 1 đến 7". */
export function replyInstruction(n: number, opts: Pick<RenderOptions, 'locale' | 't'>): string {
  if (n <= 1) return opts.t(opts.locale, 'zalo.reply_one');
  if (n > LIST_ALL_UP_TO) return opts.t(opts.locale, 'zalo.reply_range', { n });
  const nums = Array.from({ length: n }, (_, i) => String(i + 1));
  return opts.t(opts.locale, 'zalo.reply_some', { list: nums.slice(0, -1).join(', '), last: n });
}
