// The Redis account registry: each sign-in in its account's hash and in (iss, sub) and (iss, sid) hashes.
import { type AccountRegistry, DEFAULT_MAX_ENTRIES_PER_ACCOUNT, type RegistryEntry } from '@identity-web/core/store';
import { entryField, type Keys } from './keys.js';
import { type Attempt, type RedisRunner, whole } from './redis-runner.js';
import { addAccountEntry, addEntry, expireAtLeast, removeAccountEntry, touchAccount } from './scripts.js';

/** The entry as stored: only the fields of the port, so nothing else ever leaks into Redis. */
function encode(entry: RegistryEntry): string {
  const { issuer, subject, sid, email, accountKey, sessionId } = entry;
  return JSON.stringify({
    issuer,
    subject,
    accountKey,
    sessionId,
    ...(sid !== undefined && { sid }),
    ...(email !== undefined && { email }),
  });
}

/**
 * The most entries one sign-in drops. Only an account hash written before the cap existed holds
 * more than the cap; it shrinks by this many per sign-in, so no script runs long on a big one.
 */
const MOST_DROPPED = '200';

function decode(values: unknown): RegistryEntry[] {
  if (!Array.isArray(values)) return [];
  return values.filter((v): v is string => typeof v === 'string').map((v) => JSON.parse(v) as RegistryEntry);
}

/**
 * The registry as three kinds of hashes, each sign-in written to all it belongs to: the account's
 * own hash, and the index hashes of its (iss, sub) and (iss, sid) pairs. A lookup is then one
 * `HVALS`. Forgetting reads the account's hash, removes its entries from the index hashes, and
 * removes them from the account's hash last, so a forget that failed halfway is simply called again.
 *
 * Bounded: the account's hash keeps at most `maxEntriesPerAccount` sign-ins, in the order they
 * came (a sorted set beside it, in the same slot). A new sign-in of an account at its cap drops
 * the oldest in the same script that adds it, then removes the dropped entries from their index
 * hashes, and hands them back: the core ends their sessions. Every hash lives as long as the
 * account's tokens (each write makes it live at least that long, never longer), so nothing grows
 * without a bound, and the registry keeps no global count that a flood of one user could push
 * other users out of.
 */
export class RedisAccountRegistry implements AccountRegistry {
  constructor(
    private readonly redis: RedisRunner,
    private readonly keys: Keys,
    private readonly maxEntriesPerAccount = DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
  ) {}

  recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<RegistryEntry[]> {
    const field = entryField(entry.accountKey, entry.sessionId);
    const value = encode(entry);
    const ttl = whole(ttlSeconds);
    const own = this.ownKeys(entry.accountKey);
    const indexes = this.indexesOf(entry);
    return this.redis.run('recordSignIn', async (redis) => {
      // The lookup copies first, the account's own entry last: `forgetAccount` reads the account's
      // entries before it deletes their copies, so a removal running meanwhile either sees the
      // new entry with its copies written (and removes both) or does not see it at all. A copy
      // left by a failure half-way still names its account and session: a logout that finds it
      // removes them.
      await Promise.all(indexes.map((key) => redis.script(addEntry, key, field, value, ttl)));
      redis.signal.throwIfAborted();
      const dropped = decode(
        await redis.script(addAccountEntry, own, field, value, ttl, String(this.maxEntriesPerAccount), MOST_DROPPED),
      );
      redis.signal.throwIfAborted();
      await Promise.all(dropped.map((old) => this.unindex(redis, old)));
      // A logout finds the account by these entries: lost in a failover, the logout would miss it.
      await redis.replicate(own[0], ...indexes, ...dropped.flatMap((old) => this.indexesOf(old)));
      return dropped;
    });
  }

  forgetSession(accountKey: string, sessionId: string): Promise<number> {
    const own = this.ownKeys(accountKey);
    const field = entryField(accountKey, sessionId);
    return this.redis.run('forgetSession', async (redis) => {
      // One script decides and removes (never the account's last entry), so two concurrent
      // calls cannot both see the other's entry; the copies go after it. A copy left by a
      // failure there still names its account and session: a logout that finds it removes them.
      const [left, stored] = (await redis.script(removeAccountEntry, own, field)) as [number, string | null];
      if (typeof stored === 'string') {
        const entry = JSON.parse(stored) as RegistryEntry;
        await this.unindex(redis, entry);
        await redis.replicate(own[0], ...this.indexesOf(entry));
      }
      return Number(left);
    });
  }

  findBySid(issuer: string, sid: string): Promise<RegistryEntry[]> {
    return this.values('findBySid', this.keys.bySid(issuer, sid));
  }

  findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]> {
    return this.values('findBySubject', this.keys.bySubject(issuer, subject));
  }

  findByEmail(issuer: string, email: string): Promise<RegistryEntry[]> {
    return this.values('findByEmail', this.keys.byEmail(issuer, email));
  }

  async touchAccount(accountKey: string, ttlSeconds: number): Promise<void> {
    const ttl = whole(ttlSeconds);
    await this.redis.run('touchAccount', async (redis) => {
      const entries = decode(await redis.script(touchAccount, this.ownKeys(accountKey), ttl));
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
      await redis.command(key, 'ZREM', this.keys.accountOrder(accountKey), ...fields);
      await redis.replicate(key, ...entries.flatMap((entry) => this.indexesOf(entry)));
      return entries;
    });
  }

  private values(operation: string, key: string): Promise<RegistryEntry[]> {
    return this.redis.run(operation, async (redis) => decode(await redis.command(key, 'HVALS', key)));
  }

  /** Removes one entry from its (iss, sub), (iss, sid) and (iss, email) hashes. */
  private async unindex(redis: Attempt, entry: RegistryEntry): Promise<void> {
    const field = entryField(entry.accountKey, entry.sessionId);
    await Promise.all(this.indexesOf(entry).map((index) => redis.command(index, 'HDEL', index, field)));
  }

  /** The account's hash and its order, in one slot. */
  private ownKeys(accountKey: string): [string, string] {
    return [this.keys.account(accountKey), this.keys.accountOrder(accountKey)];
  }

  private indexesOf(entry: RegistryEntry): string[] {
    const keys = [this.keys.bySubject(entry.issuer, entry.subject)];
    if (entry.sid !== undefined) keys.push(this.keys.bySid(entry.issuer, entry.sid));
    if (entry.email !== undefined) keys.push(this.keys.byEmail(entry.issuer, entry.email));
    return keys;
  }
}
