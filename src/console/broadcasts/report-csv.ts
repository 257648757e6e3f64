/**
 * @module The delivery report as CSV for Excel and LibreOffice: a UTF-8 byte-order mark first
 * (without it Excel reads Vietnamese as Windows-1252 mojibake), CRLF line ends and RFC 4180
 * quoting. Cells that a spreadsheet would run as a formula ("=", "+", "-", "@" first) get a
 * leading apostrophe, except plain numbers such as negative Telegram chat ids.
 */
import type { BroadcastReportRow } from '../../broadcast/broadcast-service.ts';
import type { Locale } from '../../channels/channel.ts';
import { channelName, formatVnTime } from '../format.ts';

export const BOM = '\uFEFF';

/** One CSV field: quoted when it holds a quote, comma, semicolon or line break; quotes doubled. */
export function csvField(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly (string | number)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export interface ReportLabels {
  header: readonly string[];
  status(s: BroadcastReportRow['status']): string;
  locale(l: Locale): string;
}

/** The report, line by line (the BOM and header first), so a large one streams. */
export async function* reportCsv(rows: AsyncIterable<BroadcastReportRow>, labels: ReportLabels): AsyncGenerator<string> {
  yield BOM + csvLine(labels.header);
  for await (const r of rows) {
    yield csvLine([channelName(r.channel), r.chatId, labels.locale(r.locale), labels.status(r.status), r.attempts, formatVnTime(r.updatedAt), r.error ?? '']);
  }
}

/** A file name that is safe in a Content-Disposition header whatever the id holds. */
export function reportFileName(id: string): string {
  return `broadcast-${id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80)}.csv`;
}
