/**
 * @module How the console shows times (Vietnam time, dd/mm/yyyy HH:mm), people and channels.
 */
import type { ChannelName } from '../channels/channel.ts';

const VN_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "05/03/2026 14:07" in Vietnam time; the input as given when it is not a date. */
export function formatVnTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const p = Object.fromEntries(VN_TIME.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** Today's date in Vietnam as YYYY-MM-DD. */
export function vnToday(now: Date): string {
  return now.toLocaleDateString('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
}

/** The instant a Vietnam calendar day (YYYY-MM-DD) starts, plus `days`, as ISO. */
export function vnDayStart(day: string, days = 0): string {
  const ms = Date.parse(`${day}T00:00:00+07:00`) + days * 86_400_000;
  return new Date(ms).toISOString();
}

const CHANNELS: Record<ChannelName, string> = { telegram: 'Telegram', zalo: 'Zalo', web: 'Web', console: 'Console' };

export function channelName(c: ChannelName): string {
  return CHANNELS[c];
}

/** The last characters of a chat id, enough to tell chats apart without copying the id around. */
export function maskChatId(id: string): string {
  return id.length <= 4 ? id : `…${id.slice(-4)}`;
}
