// The Lua scripts the Redis stores run, each on one key's slot so it runs on one node of a cluster.
import { createHash } from 'node:crypto';

/** A Lua script on exactly one key, so it runs on one node of a cluster. */
export interface LuaScript {
  readonly source: string;
  readonly sha1: string;
}

function script(source: string): LuaScript {
  return { source, sha1: createHash('sha1').update(source).digest('hex') };
}

/**
 * Token-cache compare-and-set. ARGV: mustBeAbsent ('1'|'0'), expectedVersion, newVersion, value,
 * ttlSeconds. The value and its version live in one hash, so a reader never sees one without the
 * other. Returns 1 when written, 0 when the compare failed.
 */
export const compareAndSetPartition = script(`
local current = redis.call('HGET', KEYS[1], 'ver')
if ARGV[1] == '1' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
redis.call('HSET', KEYS[1], 'ver', ARGV[3], 'val', ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
`);

/**
 * Adds one registry entry to a hash and makes the hash live at least ttlSeconds (never shortens
 * it: an index hash may hold other sign-ins that were given longer). ARGV: field, entry, ttlSeconds.
 */
export const addEntry = script(`
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('TTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
return 1
`);

/**
 * Records one sign-in in the account's own hash (KEYS[1]) and its insertion order (KEYS[2], a
 * sorted set by sequence number), keeping at most ARGV[4] entries: a new sign-in of an account at
 * its cap drops the oldest, at most ARGV[5] of them per call (a hash written before the cap
 * existed shrinks over a few sign-ins, never in one long script). Fields without an order
 * (written before the order was kept) go first, found in one pass. ARGV: field, entry,
 * ttlSeconds, max, most to drop. Returns the dropped entries' JSON. Linear in the hash's size.
 */
export const addAccountEntry = script(`
local dropped = {}
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then
  local excess = redis.call('HLEN', KEYS[1]) - tonumber(ARGV[4]) + 1
  if excess > tonumber(ARGV[5]) then excess = tonumber(ARGV[5]) end
  if excess > 0 then
    local fields = {}
    if redis.call('HLEN', KEYS[1]) > redis.call('ZCARD', KEYS[2]) then
      for _, name in ipairs(redis.call('HKEYS', KEYS[1])) do
        if #fields >= excess then break end
        if not redis.call('ZSCORE', KEYS[2], name) then table.insert(fields, name) end
      end
    end
    if #fields < excess then
      local popped = redis.call('ZPOPMIN', KEYS[2], excess - #fields)
      for i = 1, #popped, 2 do table.insert(fields, popped[i]) end
    end
    for _, field in ipairs(fields) do
      local value = redis.call('HGET', KEYS[1], field)
      if value then table.insert(dropped, value) end
      redis.call('HDEL', KEYS[1], field)
      redis.call('ZREM', KEYS[2], field)
    end
  end
  local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
  local seq = 1
  if last[2] then seq = tonumber(last[2]) + 1 end
  redis.call('ZADD', KEYS[2], seq, ARGV[1])
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
for _, key in ipairs(KEYS) do
  if redis.call('TTL', key) < tonumber(ARGV[3]) then redis.call('EXPIRE', key, ARGV[3]) end
end
return dropped
`);

/**
 * Removes one sign-in from the account's hash (KEYS[1]) and order (KEYS[2]) unless it is the
 * account's last. Returns how many others the account has (0: nothing was removed) and the
 * removed entry's JSON (false when nothing was). ARGV: field.
 */
export const removeAccountEntry = script(`
local others = redis.call('HLEN', KEYS[1]) - redis.call('HEXISTS', KEYS[1], ARGV[1])
if others == 0 then return {0, false} end
local value = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return {others, value}
`);

/**
 * Sets the lifetime of the account's hash (KEYS[1]) and order (KEYS[2]) and returns its entries
 * (to touch their index hashes). ARGV: ttlSeconds.
 */
export const touchAccount = script(`
if redis.call('EXPIRE', KEYS[1], ARGV[1]) == 0 then return {} end
redis.call('EXPIRE', KEYS[2], ARGV[1])
return redis.call('HVALS', KEYS[1])
`);

/** Makes a hash live at least ttlSeconds, if it still exists. ARGV: ttlSeconds. */
export const expireAtLeast = script(`
local ttl = redis.call('TTL', KEYS[1])
if ttl ~= -2 and ttl < tonumber(ARGV[1]) then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return 1
`);

/** Deletes the lease only while it still holds the caller's token. ARGV: token. */
export const releaseLease = script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
