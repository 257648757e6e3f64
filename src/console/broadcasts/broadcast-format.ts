/**
 * @module How the broadcast pages show numbers ("1.234" in Vietnamese, "1,234" in English),
 * statuses, audiences and short excerpts of a text.
 */
import type { AudienceCount, BroadcastStatus } from '../../broadcast/broadcast-service.ts';
import type { Segment } from '../../broadcast/subscription.ts';
import type { Locale } from '../../channels/channel.ts';
import type { ConsoleContext } from '../console-module.ts';
import { channelName } from '../format.ts';
import { html, type Html } from '../html.ts';

export const BROADCASTS_PATH = '/console/broadcasts';

export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-US').format(n);
}

export function broadcastBadge(ctx: Pick<ConsoleContext, 't'>, status: BroadcastStatus): Html {
  return html`<span class="badge b-${status}">${ctx.t(`broadcasts.status.${status}`)}</span>`;
}

/** The first line of a text, cut at `max` characters. */
export function excerpt(text: string, max = 90): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export interface WardNames {
  (code: string): string;
}

/** "Phường Bến Thành, Phường Sài Gòn · Hộ tịch · Tiếng Việt · Zalo, Telegram"; "everyone" for an empty segment. */
export function audienceParts(ctx: Pick<ConsoleContext, 't'>, seg: Segment, wardName: WardNames): { label: string; value: string }[] {
  const all = ctx.t('broadcasts.audience.all');
  const join = <T extends string>(xs: readonly T[] | undefined, show: (x: T) => string): string => (xs && xs.length ? xs.map(show).join(', ') : all);
  return [
    { label: ctx.t('broadcasts.audience.wards'), value: join(seg.wardCodes, wardName) },
    { label: ctx.t('broadcasts.audience.topics'), value: join(seg.topics, (x) => ctx.t(`broadcasts.topic.${x}`)) },
    { label: ctx.t('broadcasts.audience.locales'), value: join(seg.locales, (x) => ctx.t(`broadcasts.locale.${x}`)) },
    { label: ctx.t('broadcasts.audience.channels'), value: join(seg.channels, channelName) },
  ];
}

export function audienceList(ctx: Pick<ConsoleContext, 't'>, seg: Segment, wardName: WardNames): Html {
  return html`<dl class="facts audience">${audienceParts(ctx, seg, wardName).map((p) => html`<dt>${p.label}</dt><dd>${p.value}</dd>`)}</dl>`;
}

/** The recipient count: total, then by channel and by language. */
export function countTable(ctx: Pick<ConsoleContext, 't' | 'locale'>, c: AudienceCount): Html {
  const n = (x: number | undefined): string => formatCount(x ?? 0, ctx.locale);
  const channels = (['zalo', 'telegram', 'web'] as const).filter((k) => (c.byChannel[k] ?? 0) > 0);
  const locales = (['vi', 'en'] as const).filter((k) => (c.byLocale[k] ?? 0) > 0);
  return html`<table class="grid counts">
  <tbody>
    <tr class="total"><th scope="row">${ctx.t('broadcasts.count.total')}</th><td>${n(c.total)}</td></tr>
    ${channels.map((k) => html`<tr><th scope="row">${channelName(k)}</th><td>${n(c.byChannel[k])}</td></tr>`)}
    ${locales.map((k) => html`<tr><th scope="row">${ctx.t(`broadcasts.locale.${k}`)}</th><td>${n(c.byLocale[k])}</td></tr>`)}
  </tbody>
</table>`;
}
