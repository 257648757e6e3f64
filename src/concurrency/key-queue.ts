/**
 * @module Runs tasks one after another per key (a chat, a chat's sends) and concurrently
 * across keys, in the order `run` was called. Used wherever one chat's work must stay in
 * order inside a process: the memory store's turns (Redis turns use KeyLine), telegraf's
 * concurrently handled getUpdates batches, the outbox's sends. Entries vanish when a key
 * goes idle.
 */
export class KeyQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task for `key` settled; resolves or rejects with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(task, task);
    // The tail never rejects, so a failed task does not poison the key's queue; settling it
    // also forgets the key when nothing was queued behind (one handler, not a second promise).
    const settled = (): void => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    const tail: Promise<void> = result.then(settled, settled);
    this.tails.set(key, tail);
    return result;
  }

  /** Resolves when every queued task has settled (tasks queued meanwhile included). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  /** Keys with work queued or running (tests, metrics). */
  get size(): number {
    return this.tails.size;
  }
}
