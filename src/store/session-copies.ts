/**
 * @module This process's copy of each recent chat's session: what the chat's last turn here
 * stored or read. With it a quick message's turn starts without reading Redis (a speculative
 * turn, see redis-sessions.ts); the copy is only a guess, which the commit script checks
 * byte for byte against the stored session, so a stale copy costs a retry, never a wrong write.
 *
 * Copies are UTF-8 bytes outside the JS heap, one reused buffer per chat. As strings they
 * lived from one message of a chat to the next — long enough to survive a scavenge — and each
 * was copied into the old generation: +180 KB promoted per scavenge at 3,000 msg/s.
 */
import { BoundedMap } from '../collections/bounded-map.ts';

const EMPTY = Buffer.alloc(0);

export class SessionCopy {
  private bytes: Buffer = EMPTY;
  /** 0: the chat has no session (a stored session is never empty: it is a JSON object). */
  private length = 0;

  write(session: string | null): void {
    if (session === null) {
      this.length = 0;
      return;
    }
    const needed = Buffer.byteLength(session);
    // Grow with room to spare (sessions grow a little with each answer); shrink after a reset.
    if (needed > this.bytes.length || this.bytes.length > 4 * needed + 4096) {
      // allocUnsafeSlow: a buffer of its own, not a slice pinning a shared 8 KB pool chunk.
      this.bytes = Buffer.allocUnsafeSlow(Math.ceil((needed * 1.25) / 256) * 256);
    }
    this.length = this.bytes.write(session, 0, 'utf8');
  }

  /** The session, decoded afresh (the string dies with the turn that reads it). */
  text(): string | null {
    return this.length === 0 ? null : this.bytes.toString('utf8', 0, this.length);
  }

  /** The session's bytes as the turn script compares them (empty: no session); valid until the next write. */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}

export class SessionCopies {
  private readonly copies: BoundedMap<string, SessionCopy>;

  /** `max` chats (the least recently used are forgotten); about 1–2 KB outside the heap each. */
  constructor(max: number) {
    this.copies = new BoundedMap(max);
  }

  get(chatKey: string): SessionCopy | undefined {
    return this.copies.peek(chatKey);
  }

  remember(chatKey: string, session: string | null): void {
    const copy = this.copies.peek(chatKey) ?? new SessionCopy();
    copy.write(session);
    this.copies.set(chatKey, copy);
  }

  /** After a turn whose outcome is unknown (a lost lease, a failed round trip). */
  forget(chatKey: string): void {
    this.copies.delete(chatKey);
  }

  get size(): number {
    return this.copies.size;
  }
}
