import type { AccountRegistry, RegistryEntry } from '@identity-web/core/store';
import { entryField, type Keys } from './keys.js';
import { type RedisRunner, whole } from './redis-runner.js';
import { addEntry, expireAtLeast, touchAccount } from './scripts.js';

/** The entry as stored: only the fields of the port, so nothing else ever leaks into Redis. */
function encode(entry: RegistryEntry): string {
  const { issuer, subject, sid, accountKey, sessionId } = entry;
  return JSON.stringify({ issuer, subject, accountKey, sessionId, ...(sid !== undefined && { sid }) });
}

function decode(values: unknown): RegistryEntry[] {
  if (!Array.isArray(values)) return [];
  return values.filter((v): v is string => typeof v === 'string').map((v) => JSON.parse(v) as RegistryEntry);
}

/**
 * The registry as three kinds of hashes, each sign-in written to all it belongs to: the account's
 * own hash, and the index hashes of its (iss, sub) and (iss, sid) pairs. A lookup is then one
 * `HVALS`; recording writes to two or three slots at once (one round trip). Forgetting reads the
 * account's hash, removes its entries from the index hashes, and removes them from the account's
 * hash last, so a forget that failed halfway is simply called again.
 */
export class RedisAccountRegistry implements AccountRegistry {
  constructor(
    private readonly redis: RedisRunner,
    private readonly keys: Keys,
  ) {}

  async recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<void> {
    const field = entryField(entry.accountKey, entry.sessionId);
    const value = encode(entry);
    const ttl = whole(ttlSeconds);
    await this.redis.run('recordSignIn', (redis) =>
      Promise.all(this.hashesOf(entry).map((key) => redis.script(addEntry, key, field, value, ttl))),
    );
  }

  findBySid(issuer: string, sid: string): Promise<RegistryEntry[]> {
    return this.values('findBySid', this.keys.bySid(issuer, sid));
  }

  findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]> {
    return this.values('findBySubject', this.keys.bySubject(issuer, subject));
  }

  async touchAccount(accountKey: string, ttlSeconds: number): Promise<void> {
    const key = this.keys.account(accountKey);
    const ttl = whole(ttlSeconds);
    await this.redis.run('touchAccount', async (redis) => {
      const entries = decode(await redis.script(touchAccount, key, ttl));
      redis.signal.throwIfAborted();
      const indexes = new Set(entries.flatMap((entry) => this.indexesOf(entry)));
      await Promise.all([...indexes].map((index) => redis.script(expireAtLeast, index, ttl)));
    });
  }

  forgetAccount(accountKey: string): Promise<RegistryEntry[]> {
    const key = this.keys.account(accountKey);
    return this.redis.run('forgetAccount', async (redis) => {
      const entries = decode(await redis.command(key, 'HVALS', key));
      if (entries.length === 0) return [];
      redis.signal.throwIfAborted();
      const fields = entries.map((entry) => entryField(entry.accountKey, entry.sessionId));
      await Promise.all(
        entries.flatMap((entry, i) =>
          this.indexesOf(entry).map((index) => redis.command(index, 'HDEL', index, fields[i]!)),
        ),
      );
      // Past the deadline the caller was told this failed: keep the account's hash for its retry.
      redis.signal.throwIfAborted();
      // Only the fields read: a sign-in recorded meanwhile keeps its entry everywhere.
      await redis.command(key, 'HDEL', key, ...fields);
      return entries;
    });
  }

  private values(operation: string, key: string): Promise<RegistryEntry[]> {
    return this.redis.run(operation, async (redis) => decode(await redis.command(key, 'HVALS', key)));
  }

  private indexesOf(entry: RegistryEntry): string[] {
    const keys = [this.keys.bySubject(entry.issuer, entry.subject)];
    if (entry.sid !== undefined) keys.push(this.keys.bySid(entry.issuer, entry.sid));
    return keys;
  }

  private hashesOf(entry: RegistryEntry): string[] {
    return [this.keys.account(entry.accountKey), ...this.indexesOf(entry)];
  }
}
