/**
 * @module Remembers the last N update ids to drop redeliveries (Telegram resends an update
 * when its offset was not confirmed or a webhook call failed). Bounded: the oldest id is
 * forgotten first. Ids are not assumed to increase — after a week of silence Telegram
 * starts them at a random value.
 */
export class RecentIds {
  private readonly seen = new Set<number>();
  private readonly order: number[] = [];
  private head = 0;

  constructor(private readonly capacity: number) {}

  /** Records `id`; false when it was already seen (a redelivery). */
  add(id: number): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    if (this.order.length < this.capacity) {
      this.order.push(id);
    } else {
      // Ring buffer: overwrite the oldest slot.
      const old = this.order[this.head];
      if (old !== undefined) this.seen.delete(old);
      this.order[this.head] = id;
      this.head = (this.head + 1) % this.capacity;
    }
    return true;
  }

  has(id: number): boolean {
    return this.seen.has(id);
  }
}
