/**
 * @module Fans ZaloPort events out to subscribers (the supervisor, the channel). A throwing
 * subscriber is reported to `onListenerError` and does not stop the others: one bug must not
 * silence the watchdog or drop messages.
 */
import type { ZaloIncoming } from './zalo-incoming.ts';
import type { ZaloPortEvents } from './zalo-port.ts';

export class PortHub {
  private readonly subs = new Set<Partial<ZaloPortEvents>>();
  private readonly onListenerError: (e: unknown) => void;

  constructor(onListenerError: (e: unknown) => void = () => {}) {
    this.onListenerError = onListenerError;
  }

  subscribe(handlers: Partial<ZaloPortEvents>): () => void {
    // Wrap so the same handlers object may be subscribed twice and removed independently.
    const entry = { ...handlers };
    this.subs.add(entry);
    return () => {
      this.subs.delete(entry);
    };
  }

  message(m: ZaloIncoming): void {
    this.each((h) => h.message?.(m));
  }

  connected(): void {
    this.each((h) => h.connected?.());
  }

  closed(code: number, reason: string): void {
    this.each((h) => h.closed?.(code, reason));
  }

  error(e: Error, fatal: boolean): void {
    this.each((h) => h.error?.(e, fatal));
  }

  activity(): void {
    this.each((h) => h.activity?.());
  }

  private each(call: (h: Partial<ZaloPortEvents>) => void): void {
    for (const h of [...this.subs]) {
      try {
        call(h);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }
}
