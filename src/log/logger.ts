/**
 * @module Structured logs (pino) that never carry personal data: message texts, answers,
 * ID and phone numbers and photos are redacted by path, and any 9–12 digit run left in a
 * log string is masked as a last line of defence.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

const REDACT = [
  'text', '*.text', 'answers', '*.answers', 'phone', '*.phone', 'idNumber', '*.idNumber', 'cccd', '*.cccd',
  'photo', '*.photo', 'data', '*.data', 'cookie', '*.cookie', 'token', '*.token', 'body', '*.body', 'headers.authorization', 'headers.cookie',
];

const DIGITS = /(?<!\d)(\+?84|0)?\d{8,11}(?!\d)/g;

/** Masks anything that looks like an ID or phone number. */
export function maskDigits(s: string): string {
  return s.replace(DIGITS, (m) => `${m.slice(0, 2)}…${m.slice(-2)}`);
}

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { app: 'motcua' },
    redact: { paths: REDACT, censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((a) => (typeof a === 'string' ? maskDigits(a) : a)) as Parameters<typeof method>;
        method.apply(this, masked);
      },
    },
  });
}

/** A logger that drops everything (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
