/**
 * @module Runs tasks one after another per key (a chat id) and concurrently across keys.
 * telegraf hands a getUpdates batch to its middleware all at once; tasks queued here in the
 * order they are submitted run in that order, so a chat's updates reach the engine in
 * update order and its sends leave in call order.
 */
export class KeySequencer {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task for `key` settled; resolves or rejects with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    // The tail never rejects, so a failed task does not poison the chat's queue.
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves when every queued task has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  get busyKeys(): number {
    return this.tails.size;
  }
}
