/**
 * The Lua behind the Redis abuse store. Each runs atomically over the keys of one identity
 * (one hash tag, one Cluster slot). Times come in ARGV (the caller's clock); Redis's own
 * clock only expires keys (relative PEXPIRE), so a test clock behaves as on memory.
 */

/**
 * KEYS: block. ARGV: nowMs, noticeIntervalMs.
 * Returns {'blocked', notify, entryJson, expiresAtMs} | {'allowed'}.
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
return {'allowed'}
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
