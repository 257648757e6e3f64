/**
 * @module Sessions in Redis with per-chat turns that hold across processes (see
 * redis-scripts.ts). Inside one process a KeyLine orders the chat's messages first, so
 * only the front one talks to Redis. A quick message (text, a tap) on a chat whose last turn
 * ran here starts from this process's copy of the session and costs one round trip, which
 * stores the outcome only if the session is still that copy (a speculative turn). Otherwise a
 * turn locks the chat first: one round trip to begin, one to commit. A message that finds its
 * chat busy in another process waits in line, asking again with a short backoff.
 *
 * This is the per-message hot path, so it allocates little: no promise or closure to enter an
 * idle chat's line, script calls built as one array, a turn is one small object.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MotcuaError } from '../errors.ts';
import { KeyLine } from '../concurrency/key-line.ts';
import { BEGIN_TURN, COMMIT_SPECULATIVE, END_TURN, TURN_DONE, TURN_DUP, TURN_OK, TURN_WAIT } from './redis-scripts.ts';
import { NO_SCRIPT, RedisScript, type ScriptArg } from './redis-script-runner.ts';
import { SessionCopies } from './session-copies.ts';
import type { BeginOptions, ChatTurn, SessionStore } from './store.ts';

const beginTurn = new RedisScript(BEGIN_TURN);
const endTurn = new RedisScript(END_TURN);
const commitSpeculative = new RedisScript(COMMIT_SPECULATIVE);

export interface RedisSessionOptions {
  prefix: string;
  /** How long a turn may run before other processes consider its owner dead. */
  leaseMs: number;
  /** Give up waiting for a turn after this long (LOCK_TIMEOUT). */
  waitMs: number;
  /** Idle sessions expire (data minimisation): seconds. */
  sessionTtlS: number;
  /** How long a processed message id is remembered for dropping redeliveries: seconds. */
  seenTtlS: number;
  /** Chats whose session this process keeps a copy of for speculative turns (0: every turn locks). */
  sessionCopies: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A waiter that has not asked for this long is presumed dead (waiters ask every ≤ 50 ms). */
const DEAD_WAITER_MS = 2_000;
const DEAD_WAITER = String(DEAD_WAITER_MS);


// Positions in a BEGIN_TURN call: [sha, 5, lock, waiters, beats, session, seen, token, lockMs, enqueue, deadWaiterMs].
const LOCK = 2;
const WAITERS = 3;
const BEATS = 4;
const SESSION = 5;
const SEEN = 6;
const TOKEN = 7;
const ENQUEUE = 9;
const BEGIN_LENGTH = 11;

/**
 * Speculate only while this process has at most this many chats with a turn in progress.
 * `npm run bench:speculative -- K` (the engine's closed loop, speculative against locked turns,
 * interleaved in one process): ×1.13 with 1 chat in flight, ×1.33 with 30, ×1.02 with 100, but
 * 5–13 % slower with 300 or 1,000, where round trips are shared by hundreds of messages anyway
 * and the copies, the larger commit and the extra GC cost more than the round trip saved.
 */
const SPECULATE_UP_TO = 256;

/** How a commit's `next` is stored: a new session, none at all, or the one there unchanged. */
const modeOf = (next: string | null | undefined): 'set' | 'del' | 'keep' => (next === undefined ? 'keep' : next === null ? 'del' : 'set');

const ENDED = (): MotcuaError => new MotcuaError('LOCK_TIMEOUT', 'this turn has already ended');

/** A redelivered message's turn: nothing is locked, so there is nothing to end. */
const DUPLICATE: ChatTurn = Object.freeze({
  duplicate: true,
  session: null,
  speculative: false,
  hold: () => Promise.resolve(),
  commit: () => Promise.resolve(null),
  release: () => Promise.resolve(),
});

/** What every turn of one store shares; numbers pre-stringed, as they go on the wire. */
interface TurnContext {
  readonly redis: Redis;
  readonly line: KeyLine;
  readonly copies: SessionCopies;
  readonly leaseMs: number;
  readonly lease: string;
  readonly seenTtl: string;
  readonly sessionTtl: string;
}

export class RedisSessions implements SessionStore {
  private readonly line = new KeyLine();
  private readonly ctx: TurnContext;
  /**
   * Tells this store's turn tokens from every other's (random once, not per message): a token
   * is how the scripts know a turn's own lock and marker, so two stores — two processes, or two
   * in one — must never make the same one.
   */
  private readonly tag = randomBytes(9).toString('base64url');
  private turns = 0;

  constructor(
    private readonly redis: Redis,
    private readonly opts: RedisSessionOptions,
  ) {
    this.ctx = {
      redis,
      line: this.line,
      copies: new SessionCopies(opts.sessionCopies),
      leaseMs: opts.leaseMs,
      lease: String(opts.leaseMs),
      seenTtl: String(opts.seenTtlS),
      sessionTtl: String(opts.sessionTtlS),
    };
  }

  begin(chatKey: string, messageId: string, options?: BeginOptions): Promise<ChatTurn> {
    const quick = options?.quick === true;
    if (this.line.tryTake(chatKey)) return this.start(chatKey, messageId, quick);
    return this.line.wait(chatKey).then(() => this.start(chatKey, messageId, quick));
  }

  /** Runs holding the chat's place in this process's line (after the chat's earlier turns here ended). */
  private start(chatKey: string, messageId: string, quick: boolean): Promise<ChatTurn> {
    // One hash tag per chat keeps a turn's keys in one slot (Redis Cluster-friendly scripts).
    const p = `${this.opts.prefix}{${chatKey}}:`;
    // Unique across processes and turns; what the lock and the waiters line hold.
    const token = `${this.tag}:${(++this.turns).toString(36)}`;
    const call: ScriptArg[] = [beginTurn.sha, 5, `${p}lock`, `${p}waiters`, `${p}beats`, `${p}session`, `${p}seen:${messageId}`, token, this.ctx.lease, '1', DEAD_WAITER];
    const copy = quick && this.line.size <= SPECULATE_UP_TO ? this.ctx.copies.text(chatKey) : undefined;
    if (copy !== undefined) return Promise.resolve(new SpeculativeTurn(this, this.ctx, chatKey, call, copy));
    return this.lock(chatKey, call);
  }

  /**
   * Sends BEGIN_TURN (`call`) and waits for the chat's turn. Resolves to a locked turn, which
   * holds this process's line until it ends; otherwise (a redelivery, a failure) leaves the line.
   */
  async lock(chatKey: string, call: ScriptArg[]): Promise<ChatTurn> {
    let reply: unknown;
    try {
      reply = await beginTurn.send(this.redis, call);
    } catch (e) {
      this.line.leave(chatKey);
      throw e;
    }
    return this.granted(chatKey, call, reply);
  }

  /** Acts on a BEGIN_TURN reply (or COMMIT_SPECULATIVE's when it did not commit), as `lock` says. */
  async granted(chatKey: string, call: ScriptArg[], reply: unknown): Promise<ChatTurn> {
    try {
      if (reply === TURN_WAIT) reply = await this.waitInLine(call);
      if (reply === TURN_DUP) {
        // The script took no lock (and left the line); nothing to commit.
        this.line.leave(chatKey);
        return DUPLICATE;
      }
      if (reply === TURN_OK || typeof reply === 'string') {
        return new RedisTurn(this.ctx, chatKey, call, typeof reply === 'string' ? reply : null);
      }
      throw new MotcuaError('STORE_UNAVAILABLE', 'unexpected reply from the turn script');
    } catch (e) {
      this.line.leave(chatKey);
      throw e;
    }
  }

  /**
   * The chat is busy in another process: ask again with a backoff until granted. The wait is
   * timed from the first "wait" answer (the idle path reads no clock); that first round trip
   * is not counted against waitMs.
   */
  private async waitInLine(call: ScriptArg[]): Promise<unknown> {
    const deadline = Date.now() + this.opts.waitMs;
    call[ENQUEUE] = '0';
    let delay = 1;
    for (;;) {
      if (Date.now() > deadline) {
        // Leave the line so the chat is not blocked by a token nobody will run.
        const token = call[TOKEN] as string;
        await this.redis.multi().lrem(call[WAITERS] as string, 0, token).hdel(call[BEATS] as string, token).exec();
        throw new MotcuaError('LOCK_TIMEOUT', `waited ${this.opts.waitMs} ms for a chat's turn`);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
      const reply = await beginTurn.send(this.redis, call);
      if (reply !== TURN_WAIT) return reply;
    }
  }

  async peek(chatKey: string): Promise<string | null> {
    return this.redis.get(`${this.opts.prefix}{${chatKey}}:session`);
  }
}

/**
 * A turn started from this process's copy of the session, holding no lock. Its commit is one
 * COMMIT_SPECULATIVE round trip; `hold()` turns it into a locked turn (one BEGIN_TURN) when
 * the message must use more than the session. Either way, when the session was no longer
 * the copy, the chat is now locked for this message and the engine handles it again.
 */
class SpeculativeTurn implements ChatTurn {
  readonly duplicate = false;
  private holding: Promise<void> | undefined;
  /** After a hold: the locked turn this one goes on as, or the one to handle the message again on. */
  private locked: ChatTurn | undefined;
  private redo: ChatTurn | undefined;
  private ended = false;

  constructor(
    private readonly owner: RedisSessions,
    private readonly ctx: TurnContext,
    private readonly chatKey: string,
    private readonly call: ScriptArg[],
    /** The copy the turn started from, until the commit is sent (see there). */
    private copy: string | null | undefined,
  ) {}

  get session(): string | null {
    if (this.copy === undefined) throw new MotcuaError('INTERNAL', "a speculative turn's session is read before its commit, not after");
    return this.copy;
  }

  get speculative(): boolean {
    return this.locked === undefined && this.redo === undefined;
  }

  hold(): Promise<void> {
    this.holding ??= this.take();
    return this.holding.then(() => {
      if (this.redo) throw new MotcuaError('SESSION_STALE', "the chat's session changed after this turn started");
    });
  }

  private async take(): Promise<void> {
    if (this.ended) throw ENDED();
    try {
      const turn = await this.owner.lock(this.chatKey, this.call);
      if (!turn.duplicate && turn.session === this.session) this.locked = turn;
      else this.redo = turn;
    } catch (e) {
      // lock() left this process's line: the turn is over.
      this.ended = true;
      throw e;
    }
  }

  async commit(next: string | null | undefined): Promise<ChatTurn | null> {
    if (this.holding) await this.holding;
    if (this.redo) return this.redo;
    if (this.locked) return this.locked.commit(next);
    if (this.ended) throw ENDED();
    this.ended = true;
    return this.landed(this.send(next));
  }

  /** Sends COMMIT_SPECULATIVE and lets go of both sessions (see `landed`). */
  private send(next: string | null | undefined): Promise<unknown> {
    const { ctx, call, chatKey } = this;
    const mode = modeOf(next);
    call[0] = commitSpeculative.sha;
    call.push(this.copy ?? '', mode, next ?? '', ctx.seenTtl, ctx.sessionTtl);
    const sent = commitSpeculative.sendOnce(ctx.redis, call);
    // Encoded and on its way: the call becomes BEGIN_TURN's again, in case it must lock.
    call[0] = beginTurn.sha;
    call.length = BEGIN_LENGTH;
    this.copy = undefined;
    // Copied at once, a guess as every copy is; forgotten below if it does not land.
    if (mode !== 'keep') ctx.copies.remember(chatKey, next ?? null);
    return sent;
  }

  /**
   * Waits for the commit's reply. Its own method, holding neither session: V8 keeps an async
   * function's locals alive across an await even when they are no longer used, and under load
   * what a turn holds across its round trip is what survives scavenges.
   */
  private async landed(sent: Promise<unknown>): Promise<ChatTurn | null> {
    const { ctx, call, chatKey } = this;
    let reply: unknown;
    try {
      reply = await sent;
    } catch (e) {
      // Stored or not, nobody knows: the next turn reads Redis.
      ctx.copies.forget(chatKey);
      ctx.line.leave(chatKey);
      throw e;
    }
    if (reply === TURN_DONE) {
      ctx.line.leave(chatKey);
      return null;
    }
    // Not stored. The turn handed back copies what it reads and stores.
    ctx.copies.forget(chatKey);
    // Redis had lost the script (and has it again): lock as a quick message without a copy would.
    if (reply === NO_SCRIPT) return this.owner.lock(chatKey, call);
    // Otherwise the script went on as BEGIN_TURN: granted, waiting or a redelivery.
    return this.owner.granted(chatKey, call, reply);
  }

  async release(): Promise<void> {
    if (this.holding) {
      try {
        await this.holding;
      } catch {
        return;
      }
    }
    if (this.redo) return this.redo.release();
    if (this.locked) return this.locked.release();
    if (this.ended) throw ENDED();
    this.ended = true;
    this.ctx.line.leave(this.chatKey);
  }
}

/** An open turn; its keys and token are read from the BEGIN_TURN call that granted it. */
class RedisTurn implements ChatTurn {
  readonly duplicate = false;
  readonly speculative = false;
  private open = true;

  constructor(
    private readonly ctx: TurnContext,
    private readonly chatKey: string,
    private readonly begun: ScriptArg[],
    readonly session: string | null,
  ) {}

  hold(): Promise<void> {
    return Promise.resolve();
  }

  async commit(next: string | null | undefined): Promise<null> {
    await this.end(modeOf(next), next ?? '');
    return null;
  }

  release(): Promise<void> {
    return this.end('release', '');
  }

  private async end(mode: 'set' | 'del' | 'keep' | 'release', value: string): Promise<void> {
    if (!this.open) throw ENDED();
    this.open = false;
    const { ctx, begun: b } = this;
    let ok: unknown;
    try {
      ok = await endTurn.send(ctx.redis, [endTurn.sha, 3, b[LOCK]!, b[SESSION]!, b[SEEN]!, b[TOKEN]!, mode, value, ctx.seenTtl, ctx.sessionTtl]);
    } catch (e) {
      ctx.copies.forget(this.chatKey);
      ctx.line.leave(this.chatKey);
      throw e;
    }
    // The chat's next quick message here may start from this (see SpeculativeTurn), unless this
    // process is too busy to speculate (then a copy would only cost) or the turn was lost.
    if (ok === 1 && ctx.line.size <= SPECULATE_UP_TO) ctx.copies.remember(this.chatKey, mode === 'set' ? value : mode === 'del' ? null : this.session);
    else ctx.copies.forget(this.chatKey);
    // Only now may this process's next message of the chat begin: the commit has landed.
    ctx.line.leave(this.chatKey);
    if (ok !== 1) throw new MotcuaError('LOCK_TIMEOUT', `the turn on a chat outlived its ${ctx.leaseMs} ms lease and was taken over`);
  }
}
