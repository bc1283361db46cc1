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

/** Sets the account hash's lifetime and returns its entries (to touch their index hashes). ARGV: ttlSeconds. */
export const touchAccount = script(`
if redis.call('EXPIRE', KEYS[1], ARGV[1]) == 0 then return {} end
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
