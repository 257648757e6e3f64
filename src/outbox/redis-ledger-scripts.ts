/**
 * @module Lua for the Redis delivery ledger: each step of an item's life is one atomic script,
 * so a claim can never be taken twice and a state never half-written. An item is a hash
 * (`status`, `attempts`, `updatedAt`, `error`, `parts`, `claim`, `wire`); see delivery-ledger.ts.
 * A claim without `wire` (written before it existed) counts as on the wire.
 */

/**
 * Records new items as queued and indexes them by dossier; existing items are left alone.
 * KEYS: item hashes · ARGV: now, ttlS, then per item: id, dossier set key ('' for none)
 * → the 1-based positions of the items still queued.
 */
export const REGISTER_ITEMS = `
local open = {}
for i = 1, #KEYS do
  local key = KEYS[i]
  local status = redis.call('HGET', key, 'status')
  if not status then
    redis.call('HSET', key, 'status', 'queued', 'attempts', 0, 'parts', 0, 'updatedAt', ARGV[1])
    redis.call('EXPIRE', key, ARGV[2])
    local set = ARGV[2 + i * 2]
    if set ~= '' then
      redis.call('SADD', set, ARGV[1 + i * 2])
      redis.call('EXPIRE', set, ARGV[2])
    end
    status = 'queued'
  end
  if status == 'queued' then open[#open + 1] = i end
end
return open
`;

/**
 * Takes the item's turn to send; takes over a claim whose holder was off the wire, at most
 * `maxTakeovers` times (a process that keeps dying on the same item must not keep it queued
 * forever). A repeat by the claim's own token (ioredis resends after a reconnect) goes ahead.
 * KEYS: item · ARGV: token, now, ttlS, maxTakeovers → {'go', parts} | {'done'} | {'uncertain'}
 */
export const CLAIM_ITEM = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  redis.call('HSET', KEYS[1], 'status', 'queued', 'attempts', 0, 'parts', 0)
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  status = 'queued'
end
if status ~= 'queued' then return {'done'} end
local held = redis.call('HMGET', KEYS[1], 'claim', 'wire', 'takeovers')
if held[1] == ARGV[1] then
  return {'go', tonumber(redis.call('HGET', KEYS[1], 'parts') or '0')}
end
if held[1] then
  if held[2] == '0' and tonumber(held[3] or '0') < tonumber(ARGV[4]) then
    redis.call('HSET', KEYS[1], 'claim', ARGV[1], 'wire', '1')
    redis.call('HINCRBY', KEYS[1], 'takeovers', 1)
    return {'go', tonumber(redis.call('HGET', KEYS[1], 'parts') or '0')}
  end
  redis.call('HSET', KEYS[1], 'status', 'failed', 'error', 'DELIVERY_UNCERTAIN', 'updatedAt', ARGV[2])
  return {'uncertain'}
end
redis.call('HSET', KEYS[1], 'claim', ARGV[1], 'wire', '1', 'updatedAt', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'attempts', 1)
return {'go', tonumber(redis.call('HGET', KEYS[1], 'parts') or '0')}
`;

/**
 * The claim's holder is about to send (on = '1') or has nothing in flight ('0').
 * KEYS: item · ARGV: token, on, parts → 1, or 0 when the claim is not the token's.
 */
export const WIRE_ITEM = `
if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'wire', ARGV[2], 'parts', ARGV[3])
return 1
`;

/**
 * Ends a claim with its outcome.
 * KEYS: item, unreachable hash · ARGV: token, outcome (sent|queued|failed|unreachable), error,
 * parts, counted (1|0), chatKey, now, ttlS → 1, or 0 when the claim was not ours.
 */
export const SETTLE_ITEM = `
if ARGV[2] == 'sent' then
  redis.call('HDEL', KEYS[1], 'claim', 'wire', 'error')
  redis.call('HSET', KEYS[1], 'status', 'sent', 'updatedAt', ARGV[7])
  redis.call('EXPIRE', KEYS[1], ARGV[8])
  redis.call('HDEL', KEYS[2], ARGV[6])
  return 1
end
if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], 'claim', 'wire')
if ARGV[2] == 'unreachable' then
  redis.call('HSET', KEYS[1], 'status', 'unreachable', 'error', 'CHANNEL_UNREACHABLE', 'updatedAt', ARGV[7])
  redis.call('HSETNX', KEYS[2], ARGV[6], ARGV[7])
  return 1
end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'error', ARGV[3], 'parts', ARGV[4], 'updatedAt', ARGV[7])
if ARGV[5] == '0' and tonumber(redis.call('HGET', KEYS[1], 'attempts') or '0') > 0 then
  redis.call('HINCRBY', KEYS[1], 'attempts', -1)
end
return 1
`;
