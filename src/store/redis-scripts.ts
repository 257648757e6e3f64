/**
 * @module Lua scripts that make a chat turn two round trips: `begin` (queue, lease, dedupe
 * check, session read) and `commit` (session write, dedupe mark, hand the lease on).
 *
 * Per chat: `q` — a list of message tokens in arrival order; `lease` — the token of the
 * head, with a TTL. Only the head runs. A head whose lease expired (its process died) is
 * evicted by the next waiter, so a crash delays a chat by at most the lease TTL.
 */

/** KEYS: q, lease, session, seen · ARGV: token, leaseMs, enqueue(1/0), queueTtlMs */
export const BEGIN_TURN = `
if ARGV[3] == '1' then
  redis.call('RPUSH', KEYS[1], ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
local function handOn()
  redis.call('LPOP', KEYS[1])
  local nxt = redis.call('LINDEX', KEYS[1], 0)
  if nxt then redis.call('SET', KEYS[2], nxt, 'PX', ARGV[2]) else redis.call('DEL', KEYS[2]) end
  return nxt
end
local head = redis.call('LINDEX', KEYS[1], 0)
if head ~= ARGV[1] then
  if not head then return {'lost'} end
  if redis.call('GET', KEYS[2]) == head then return {'wait'} end
  -- The head's lease expired: its process is gone. Evict it; our caller retries at once.
  handOn()
  return {'wait'}
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  handOn()
  return {'dup'}
end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
local s = redis.call('GET', KEYS[3])
if s then return {'ok', s} end
return {'ok'}
`;

/** KEYS: q, lease, session, seen · ARGV: token, leaseMs, mode(set|del|keep|release), session, seenTtlS, sessionTtlS */
export const END_TURN = `
if redis.call('GET', KEYS[2]) ~= ARGV[1] or redis.call('LINDEX', KEYS[1], 0) ~= ARGV[1] then return 0 end
if ARGV[3] == 'set' then
  redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[6])
elseif ARGV[3] == 'del' then
  redis.call('DEL', KEYS[3])
end
if ARGV[3] ~= 'release' then redis.call('SET', KEYS[4], '1', 'EX', ARGV[5]) end
redis.call('LPOP', KEYS[1])
local nxt = redis.call('LINDEX', KEYS[1], 0)
if nxt then redis.call('SET', KEYS[2], nxt, 'PX', ARGV[2]) else redis.call('DEL', KEYS[2]) end
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
