/**
 * @module Sessions in Redis with per-chat turns that hold across processes (see
 * redis-scripts.ts). Inside one process a KeyQueue orders the chat's messages first, so
 * only the front one talks to Redis; an idle chat costs one round trip to begin, one to commit.
 * A message that finds its chat busy in another process waits in line, asking again with a
 * short backoff.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MotcuaError } from '../errors.ts';
import { KeyQueue } from '../concurrency/key-queue.ts';
import { BEGIN_TURN, END_TURN } from './redis-scripts.ts';
import { RedisScript } from './redis-script-runner.ts';

const beginTurn = new RedisScript(BEGIN_TURN);
const endTurn = new RedisScript(END_TURN);
import type { ChatTurn, SessionStore } from './store.ts';

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

type TurnReply = [string, string?];

function isTurnReply(v: unknown): v is TurnReply {
  return Array.isArray(v) && typeof v[0] === 'string' && (v[1] === undefined || typeof v[1] === 'string');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A waiter that has not asked for this long is presumed dead (waiters ask every ≤ 50 ms). */
const DEAD_WAITER_MS = 2_000;

/** Tells this process's turn tokens from other processes' (random once, not per message). */
const PROCESS_TAG = randomBytes(6).toString('base64url');

export class RedisSessions implements SessionStore {
  private readonly queue = new KeyQueue();
  private turns = 0;

  constructor(
    private readonly redis: Redis,
    private readonly opts: RedisSessionOptions,
  ) {}

  private keys(chatKey: string, messageId: string): { lock: string; waiters: string; beats: string; session: string; seen: string } {
    // One hash tag per chat keeps a turn's keys in one slot (Redis Cluster-friendly scripts).
    const p = `${this.opts.prefix}{${chatKey}}:`;
    return { lock: `${p}lock`, waiters: `${p}waiters`, beats: `${p}beats`, session: `${p}session`, seen: `${p}seen:${messageId}` };
  }

  begin(chatKey: string, messageId: string): Promise<ChatTurn> {
    return new Promise<ChatTurn>((granted, failed) => {
      void this.queue.run(chatKey, async () => {
        let turn: { turn: ChatTurn; ended: Promise<void> };
        try {
          turn = await this.acquire(chatKey, messageId);
        } catch (e) {
          failed(e);
          return;
        }
        granted(turn.turn);
        await turn.ended;
      });
    });
  }

  private async acquire(chatKey: string, messageId: string): Promise<{ turn: ChatTurn; ended: Promise<void> }> {
    const k = this.keys(chatKey, messageId);
    const beginKeys = [k.lock, k.waiters, k.beats, k.session, k.seen];
    const endKeys = [k.lock, k.session, k.seen];
    const token = `${messageId}:${PROCESS_TAG}:${++this.turns}`;
    const deadline = Date.now() + this.opts.waitMs;
    let enqueue = '1';
    let delay = 1;
    for (;;) {
      const reply = await beginTurn.run(this.redis, beginKeys, [token, this.opts.leaseMs, enqueue, DEAD_WAITER_MS]);
      if (!isTurnReply(reply)) throw new MotcuaError('STORE_UNAVAILABLE', 'unexpected reply from the turn script');
      enqueue = '0';
      const [state, session] = reply;
      if (state === 'ok' || state === 'dup') {
        let end!: () => void;
        const ended = new Promise<void>((r) => (end = r));
        let open = true;
        const finish = async (mode: 'set' | 'del' | 'keep' | 'release', value = ''): Promise<void> => {
          if (!open) throw new MotcuaError('LOCK_TIMEOUT', 'this turn has already ended');
          open = false;
          try {
            const ok = await endTurn.run(this.redis, endKeys, [token, mode, value, this.opts.seenTtlS, this.opts.sessionTtlS]);
            if (ok !== 1) throw new MotcuaError('LOCK_TIMEOUT', `the turn on a chat outlived its ${this.opts.leaseMs} ms lease and was taken over`);
          } finally {
            end();
          }
        };
        if (state === 'dup') {
          // The script took no lock (and left the line); nothing to commit.
          open = false;
          end();
        }
        return {
          ended,
          turn: {
            duplicate: state === 'dup',
            session: session ?? null,
            commit: (next) => (state === 'dup' ? Promise.resolve() : finish(next === undefined ? 'keep' : next === null ? 'del' : 'set', next ?? '')),
            release: () => (state === 'dup' ? Promise.resolve() : finish('release')),
          },
        };
      }
      if (Date.now() > deadline) {
        // Leave the line so the chat is not blocked by a token nobody will run.
        await this.redis.multi().lrem(k.waiters, 0, token).hdel(k.beats, token).exec();
        throw new MotcuaError('LOCK_TIMEOUT', `waited ${this.opts.waitMs} ms for a chat's turn`);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 50);
    }
  }

  async peek(chatKey: string): Promise<string | null> {
    return this.redis.get(this.keys(chatKey, '').session);
  }
}
