/** @module A ZaloLog that keeps every entry, to assert on what operators would read. */
import type { ZaloLog } from '../../src/channels/zalo/zalo-log.ts';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string;
}

export class RecordLog implements ZaloLog {
  readonly entries: LogEntry[] = [];
  debug(obj: object, msg: string): void {
    this.entries.push({ level: 'debug', obj, msg });
  }
  info(obj: object, msg: string): void {
    this.entries.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg: string): void {
    this.entries.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg: string): void {
    this.entries.push({ level: 'error', obj, msg });
  }
  messages(level?: LogEntry['level']): string[] {
    return this.entries.filter((e) => level === undefined || e.level === level).map((e) => e.msg);
  }
}
