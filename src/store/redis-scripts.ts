/**
 * @module Lua scripts that make a chat turn one or two round trips: `begin` (dedupe check,
 * lock, session read) and `end` (session write, dedupe mark, unlock) for a locked turn, or one
 * `commit speculative` for a turn started from this process's copy of the session.
 *
 * Per chat: `lock` — the token of the message being processed, with a TTL so a crashed
 * process cannot hold a chat for longer than that; `waiters` — tokens that found the chat
 * busy, in arrival order; `beats` — when each waiter last asked (a waiter that stopped asking
 * died and is skipped). An idle chat costs four Redis operations to begin and four to end.
 *
 * Each script may run twice for one call: after a reconnect ioredis sends again the commands
 * that had no reply, and the first may have run. So each answers a repeat as it answered the
 * first: a turn's `seen` marker holds its token, a lock held by the caller's own token is
 * granted again, and a commit or end already done reports done.
 */

/**
 * KEYS: lock, waiters, beats, session, seen · ARGV: token, lockMs, enqueue(1/0), deadWaiterMs
 * `begin()` returns the session (a string) when the turn is granted and a session exists, else
 * a number: TURN_OK (granted, no session), TURN_DUP (already processed; no lock taken), TURN_WAIT.
 * (Plain replies rather than arrays: fewer objects per message on the client.)
 */
const BEGIN_FUNCTION = `
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function leave()
  redis.call('LREM', KEYS[2], 0, ARGV[1])
  redis.call('HDEL', KEYS[3], ARGV[1])
end
local function begin()
  if redis.call('EXISTS', KEYS[5]) == 1 then
    leave()
    return 1
  end
  -- Granted already (this is a repeat of the call that took the lock).
  if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('GET', KEYS[4]) or 2
  end
  for _ = 1, 8 do
    local head = redis.call('LINDEX', KEYS[2], 0)
    if (not head or head == ARGV[1]) then
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
        if head then leave() end
        return redis.call('GET', KEYS[4]) or 2
      end
      break
    end
    -- Someone is ahead. If the chat is free and that waiter stopped asking, it died: skip it.
    if redis.call('EXISTS', KEYS[1]) == 1 then break end
    local beat = tonumber(redis.call('HGET', KEYS[3], head) or '0')
    if now() - beat < tonumber(ARGV[4]) then break end
    redis.call('LPOP', KEYS[2])
    redis.call('HDEL', KEYS[3], head)
  end
  if ARGV[3] == '1' then
    redis.call('RPUSH', KEYS[2], ARGV[1])
  end
  redis.call('HSET', KEYS[3], ARGV[1], now())
  redis.call('PEXPIRE', KEYS[2], ARGV[4] * 20)
  redis.call('PEXPIRE', KEYS[3], ARGV[4] * 20)
  return 0
end
`;

export const BEGIN_TURN = `${BEGIN_FUNCTION}
return begin()
`;

/**
 * A speculative turn's whole round trip. KEYS as BEGIN_TURN · ARGV as BEGIN_TURN, then
 * expected (the session the turn started from; empty: none), mode (set|del|keep), next,
 * seenTtlS, sessionTtlS.
 * When the message is new, the chat free (no lock, nobody waiting) and the session still the
 * expected one, it stores the turn's outcome and returns TURN_DONE. Otherwise it stores
 * nothing and does what BEGIN_TURN does, so a stale turn costs no extra round trip to lock.
 */
export const COMMIT_SPECULATIVE = `${BEGIN_FUNCTION}
-- Done already (a repeat of this very commit).
if redis.call('GET', KEYS[5]) == ARGV[1] then return 3 end
if redis.call('EXISTS', KEYS[5]) == 0 and redis.call('EXISTS', KEYS[1], KEYS[2]) == 0
    and (redis.call('GET', KEYS[4]) or '') == ARGV[5] then
  if ARGV[6] == 'set' then
    redis.call('SET', KEYS[4], ARGV[7], 'EX', ARGV[9])
  elseif ARGV[6] == 'del' then
    redis.call('DEL', KEYS[4])
  end
  redis.call('SET', KEYS[5], ARGV[1], 'EX', ARGV[8])
  return 3
end
return begin()
`;

export const TURN_WAIT = 0;
export const TURN_DUP = 1;
export const TURN_OK = 2;
export const TURN_DONE = 3;

/**
 * KEYS: lock, session, seen · ARGV: token, mode(set|del|keep|release), session, seenTtlS, sessionTtlS
 * → 1, or 0 when the turn's lock was lost (its lease ran out and another turn took the chat).
 */
export const END_TURN = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  -- Ended already (a repeat of this very call) or lost.
  if redis.call('GET', KEYS[3]) == ARGV[1] then return 1 end
  return 0
end
if ARGV[2] == 'set' then
  redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[5])
elseif ARGV[2] == 'del' then
  redis.call('DEL', KEYS[2])
end
if ARGV[2] ~= 'release' then redis.call('SET', KEYS[3], ARGV[1], 'EX', ARGV[4]) end
redis.call('DEL', KEYS[1])
return 1
`;

/**
 * Creates a dossier once per submission key.
 * KEYS: dossier(code), bySubmission, byTime · ARGV: json, code, score, chatKeyPrefix, chatKeys...
 * Returns {1, json} when created, {0, existingJson} when the submission exists, {-1} on a code collision.
 */
export const CREATE_DOSSIER = `
local existing = redis.call('GET', KEYS[2])
if existing then
  return {0, redis.call('GET', ARGV[4] .. 'dossier:' .. existing)}
end
if redis.call('EXISTS', KEYS[1]) == 1 then return {-1} end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
for i = 5, #ARGV do
  redis.call('SADD', ARGV[4] .. 'chat-dossiers:' .. ARGV[i], ARGV[2])
end
return {1, ARGV[1]}
`;

/**
 * Compare-and-set of a dossier (WATCH/MULTI would not be safe on one shared, pipelined connection).
 * KEYS: dossier · ARGV: expectedJson, nextJson, code, chatKeyPrefix, chatKeys... → 1 | 0 (changed meanwhile)
 */
export const UPDATE_DOSSIER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
for i = 5, #ARGV do
  redis.call('SADD', ARGV[4] .. 'chat-dossiers:' .. ARGV[i], ARGV[3])
end
return 1
`;
