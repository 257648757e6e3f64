/**
 * @module The logging surface the Zalo channel needs — a subset of pino's Logger, so the app
 * passes its pino child logger and tests pass a recorder. Callers log ids and codes only:
 * never message text, phone numbers, cookies or photo bytes.
 */

export interface ZaloLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => {};

/** Discards everything (the default when no logger is given). */
export const silentLog: ZaloLog = { debug: noop, info: noop, warn: noop, error: noop };
