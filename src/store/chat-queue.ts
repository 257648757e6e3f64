/**
 * @module In-process FIFO per chat: messages of one chat run one after another in the order
 * `run` was called; different chats run concurrently. Entries vanish when a chat goes idle.
 */
export class ChatQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(task, task);
    // The tail must never reject, or the next task would see the previous one's failure.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Chats with work queued or running (for tests and metrics). */
  get size(): number {
    return this.tails.size;
  }
}
