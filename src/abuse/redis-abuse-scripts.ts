/**
 * The Lua behind the Redis abuse store. Each runs atomically over the keys of one identity
 * (one hash tag, one Cluster slot). Times come in ARGV (the caller's clock); Redis's own
 * clock only expires keys (relative PEXPIRE), so a test clock behaves as on memory.
 */

/**
 * A refused message is not counted: the allowance left is what was sent and taken.
 * KEYS: block, minute counter, burst counter. ARGV: nowMs, noticeIntervalMs, count ('1'/'0'),
 * perMinute, burst, minuteTtlMs, burstTtlMs.
 * Returns {'blocked', notify, entryJson, expiresAtMs} | {'allowed'} | {'limited', notify, 'm'|'b'}.
 */
export const ADMIT_LUA = `
local now = tonumber(ARGV[1])
local x = redis.call('HGET', KEYS[1], 'x')
if x then
  if tonumber(x) > now then
    local last = redis.call('HGET', KEYS[1], 'n')
    local notify = 0
    if (not last) or now - tonumber(last) >= tonumber(ARGV[2]) then
      notify = 1
      redis.call('HSET', KEYS[1], 'n', now)
    end
    return {'blocked', notify, redis.call('HGET', KEYS[1], 'e'), x}
  end
  redis.call('DEL', KEYS[1])
end
if ARGV[3] ~= '1' then return {'allowed'} end
local m = tonumber(redis.call('HGET', KEYS[2], 'c') or '0') + 1
local b = tonumber(redis.call('GET', KEYS[3]) or '0') + 1
if m <= tonumber(ARGV[4]) and b <= tonumber(ARGV[5]) then
  redis.call('HINCRBY', KEYS[2], 'c', 1)
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
  redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], ARGV[7])
  return {'allowed'}
end
local notify = redis.call('HSETNX', KEYS[2], 'n', '1')
redis.call('PEXPIRE', KEYS[2], ARGV[6])
if m > tonumber(ARGV[4]) then return {'limited', notify, 'm'} end
return {'limited', notify, 'b'}
`;

/**
 * KEYS: block. ARGV: nowMs, expiresAtMs, entryJson. A live block is kept: returns its entry
 * JSON; else writes this one (expiring with it) and returns false.
 */
export const BLOCK_LUA = `
local x = redis.call('HGET', KEYS[1], 'x')
if x and tonumber(x) > tonumber(ARGV[1]) then return redis.call('HGET', KEYS[1], 'e') end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'x', ARGV[2], 'e', ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(ARGV[2]) - tonumber(ARGV[1])))
return false
`;

/** KEYS: block. ARGV: nowMs. Deletes it; returns {entryJson, expiresAtMs} when it was live, else false. */
export const UNBLOCK_LUA = `
local x = redis.call('HGET', KEYS[1], 'x')
local e = redis.call('HGET', KEYS[1], 'e')
redis.call('DEL', KEYS[1])
if x and tonumber(x) > tonumber(ARGV[1]) then return {e, x} end
return false
`;
