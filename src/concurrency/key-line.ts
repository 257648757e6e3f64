/**
 * @module Exclusive holds per key, granted in request order — what KeyQueue does for tasks,
 * for holds that outlive a call (a chat's turn is held from `begin` until its commit). The
 * first holder of an idle key gets it synchronously, without a promise or closure: the common
 * case on a busy server, where most chats have one message in flight.
 */
export class KeyLine {
  /** Held keys → who waits, in order (null until someone does, so an uncontended hold allocates nothing). */
  private readonly held = new Map<string, (() => void)[] | null>();

  /** Takes `key` if nobody holds it. False: call `wait` instead. */
  tryTake(key: string): boolean {
    if (this.held.has(key)) return false;
    this.held.set(key, null);
    return true;
  }

  /** Resolves once `key` is the caller's: after every earlier holder has left. */
  wait(key: string): Promise<void> {
    return new Promise<void>((granted) => {
      const waiters = this.held.get(key);
      if (waiters === undefined) {
        this.held.set(key, null);
        granted();
      } else if (waiters === null) this.held.set(key, [granted]);
      else waiters.push(granted);
    });
  }

  /** Hands `key` to the next waiter, or frees it. Each take (or granted wait) must leave exactly once. */
  leave(key: string): void {
    const next = this.held.get(key)?.shift();
    if (next) next();
    else this.held.delete(key);
  }

  /** Keys held (tests, metrics). */
  get size(): number {
    return this.held.size;
  }
}
