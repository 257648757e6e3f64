/**
 * @module A bounded "seen recently" set: Zalo may push a message again after a reconnect,
 * and a long-running process must not remember every id forever. Oldest ids fall out first.
 */

export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly capacity: number;

  constructor(capacity = 5000) {
    this.capacity = Math.max(1, capacity);
  }

  /** True when `id` was already seen (and keeps it); false the first time (and records it). */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      // Sets iterate in insertion order: the first key is the oldest.
      const oldest = this.ids.values().next();
      if (!oldest.done) this.ids.delete(oldest.value);
    }
    return false;
  }

  get size(): number {
    return this.ids.size;
  }
}
