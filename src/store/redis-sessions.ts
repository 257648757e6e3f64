/**
 * @module Sessions in Redis with per-chat turns that hold across processes (see
 * redis-scripts.ts). Inside one process a KeyLine orders the chat's messages first, so
 * only the front one talks to Redis; an idle chat costs one round trip to begin, one to commit.
 * A message that finds its chat busy in another process waits in line, asking again with a
 * short backoff.
 *
 * This is the per-message hot path, so it allocates little: no promise or closure to enter an
 * idle chat's line, script calls built as one array, a turn is one small object.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MotcuaError } from '../errors.ts';
import { KeyLine } from '../concurrency/key-line.ts';
import { BEGIN_TURN, END_TURN, TURN_DUP, TURN_OK, TURN_WAIT } from './redis-scripts.ts';
import { RedisScript, type ScriptArg } from './redis-script-runner.ts';
import type { ChatTurn, SessionStore } from './store.ts';

const beginTurn = new RedisScript(BEGIN_TURN);
const endTurn = new RedisScript(END_TURN);

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
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A waiter that has not asked for this long is presumed dead (waiters ask every ≤ 50 ms). */
const DEAD_WAITER_MS = 2_000;
const DEAD_WAITER = String(DEAD_WAITER_MS);

/** Tells this process's turn tokens from other processes' (random once, not per message). */
const PROCESS_TAG = randomBytes(6).toString('base64url');

// Positions in a BEGIN_TURN call: [sha, 5, lock, waiters, beats, session, seen, token, lockMs, enqueue, deadWaiterMs].
const LOCK = 2;
const WAITERS = 3;
const BEATS = 4;
const SESSION = 5;
const SEEN = 6;
const TOKEN = 7;
const ENQUEUE = 9;

/** A redelivered message's turn: nothing is locked, so there is nothing to end. */
const DUPLICATE: ChatTurn = Object.freeze({
  duplicate: true,
  session: null,
  commit: () => Promise.resolve(),
  release: () => Promise.resolve(),
});

/** What every turn of one store shares; numbers pre-stringed, as they go on the wire. */
interface TurnContext {
  readonly redis: Redis;
  readonly line: KeyLine;
  readonly leaseMs: number;
  readonly lease: string;
  readonly seenTtl: string;
  readonly sessionTtl: string;
}

export class RedisSessions implements SessionStore {
  private readonly line = new KeyLine();
  private readonly ctx: TurnContext;
  private turns = 0;

  constructor(
    private readonly redis: Redis,
    private readonly opts: RedisSessionOptions,
  ) {
    this.ctx = { redis, line: this.line, leaseMs: opts.leaseMs, lease: String(opts.leaseMs), seenTtl: String(opts.seenTtlS), sessionTtl: String(opts.sessionTtlS) };
  }

  begin(chatKey: string, messageId: string): Promise<ChatTurn> {
    if (this.line.tryTake(chatKey)) return this.acquire(chatKey, messageId);
    return this.line.wait(chatKey).then(() => this.acquire(chatKey, messageId));
  }

  /** Runs holding the chat's place in this process's line; leaves it on failure or when the turn ends. */
  private async acquire(chatKey: string, messageId: string): Promise<ChatTurn> {
    try {
      // One hash tag per chat keeps a turn's keys in one slot (Redis Cluster-friendly scripts).
      const p = `${this.opts.prefix}{${chatKey}}:`;
      // Unique across processes and turns; what the lock and the waiters line hold.
      const token = `${PROCESS_TAG}:${(++this.turns).toString(36)}`;
      const call: ScriptArg[] = [beginTurn.sha, 5, `${p}lock`, `${p}waiters`, `${p}beats`, `${p}session`, `${p}seen:${messageId}`, token, this.ctx.lease, '1', DEAD_WAITER];
      let reply = await beginTurn.send(this.redis, call);
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

/** An open turn; its keys and token are read from the BEGIN_TURN call that granted it. */
class RedisTurn implements ChatTurn {
  readonly duplicate = false;
  private open = true;

  constructor(
    private readonly ctx: TurnContext,
    private readonly chatKey: string,
    private readonly begun: ScriptArg[],
    readonly session: string | null,
  ) {}

  commit(next: string | null | undefined): Promise<void> {
    return this.end(next === undefined ? 'keep' : next === null ? 'del' : 'set', next ?? '');
  }

  release(): Promise<void> {
    return this.end('release', '');
  }

  private async end(mode: 'set' | 'del' | 'keep' | 'release', value: string): Promise<void> {
    if (!this.open) throw new MotcuaError('LOCK_TIMEOUT', 'this turn has already ended');
    this.open = false;
    const { ctx, begun: b } = this;
    try {
      const ok = await endTurn.send(ctx.redis, [endTurn.sha, 3, b[LOCK]!, b[SESSION]!, b[SEEN]!, b[TOKEN]!, mode, value, ctx.seenTtl, ctx.sessionTtl]);
      if (ok !== 1) throw new MotcuaError('LOCK_TIMEOUT', `the turn on a chat outlived its ${ctx.leaseMs} ms lease and was taken over`);
    } finally {
      // Only now may this process's next message of the chat begin: the commit has landed.
      ctx.line.leave(this.chatKey);
    }
  }
}
