/**
 * @module This process's copy of each recent chat's session: what the chat's last turn here
 * stored or read. With it a quick message's turn starts without reading Redis (a speculative
 * turn, see redis-sessions.ts); the copy is only a guess, which the commit script checks
 * against the stored session, so a stale copy costs a retry, never a wrong write.
 *
 * Copies are UTF-8 bytes in fixed 4 KB slots of large buffers outside the JS heap, reused in
 * place: per chat the heap holds only a Map entry, and per message nothing. As strings, each
 * message's copy lived until the chat's next message — long enough to survive scavenges — and
 * was copied into the old generation (+180 KB promoted per scavenge at 3,000 msg/s); as a
 * buffer per chat, each conversation left three objects and a backing store to the old
 * generation (+700 KB per scavenge in the closed loop, where 1,000 conversations start a second).
 */

/** A session in progress is ~0.6–1.4 KB (README, Performance); a larger one is not copied. */
const SLOT_BYTES = 4096;
/** Slots per buffer: memory is taken 256 KB at a time, as chats come. */
const CHUNK_SLOTS = 64;

export class SessionCopies {
  /** Chat → slot, least recently written first. */
  private readonly slotOf = new Map<string, number>();
  /** Bytes in each slot; 0: the chat has no session (a stored session is never empty). */
  private readonly lengths: Int32Array;
  private readonly chunks: Buffer[] = [];
  private readonly free: number[] = [];
  /** Slots handed out so far; the ones after are untouched. */
  private used = 0;

  /** At most this many chats (the least recently written are forgotten), 4 KB each. */
  private readonly max: number;

  constructor(max: number) {
    // Not a whole number ≥ 0 (a missing or mistyped option): no copies rather than a crash later.
    this.max = Number.isSafeInteger(max) && max > 0 ? max : 0;
    this.lengths = new Int32Array(this.max);
  }

  /** The chat's session as last seen here (null: it had none), or undefined when there is no copy. */
  text(chatKey: string): string | null | undefined {
    const slot = this.slotOf.get(chatKey);
    if (slot === undefined) return undefined;
    const length = this.lengths[slot]!;
    if (length === 0) return null;
    const at = (slot % CHUNK_SLOTS) * SLOT_BYTES;
    return this.chunks[Math.floor(slot / CHUNK_SLOTS)]!.toString('utf8', at, at + length);
  }

  remember(chatKey: string, session: string | null): void {
    if (this.max === 0) return;
    // A UTF-16 unit is at most 3 UTF-8 bytes, so short sessions need no measuring.
    if (session !== null && session.length * 3 > SLOT_BYTES && Buffer.byteLength(session) > SLOT_BYTES) {
      this.forget(chatKey);
      return;
    }
    let slot = this.slotOf.get(chatKey);
    // Taken out and put back: the Map's order is the order of last writes.
    if (slot !== undefined) this.slotOf.delete(chatKey);
    else slot = this.claim();
    this.lengths[slot] = session === null ? 0 : this.chunks[Math.floor(slot / CHUNK_SLOTS)]!.write(session, (slot % CHUNK_SLOTS) * SLOT_BYTES, SLOT_BYTES, 'utf8');
    this.slotOf.set(chatKey, slot);
  }

  /** After a turn whose outcome is unknown (a lost lease, a failed round trip). */
  forget(chatKey: string): void {
    const slot = this.slotOf.get(chatKey);
    if (slot === undefined) return;
    this.slotOf.delete(chatKey);
    this.free.push(slot);
  }

  get size(): number {
    return this.slotOf.size;
  }

  private claim(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used < this.max) {
      const slot = this.used++;
      // allocUnsafeSlow: a buffer of its own, not slices of Node's shared pool.
      if (slot % CHUNK_SLOTS === 0) this.chunks.push(Buffer.allocUnsafeSlow(CHUNK_SLOTS * SLOT_BYTES));
      return slot;
    }
    // All in use: the least recently written chat gives up its slot.
    const [oldest, slot] = this.slotOf.entries().next().value!;
    this.slotOf.delete(oldest);
    return slot;
  }
}
