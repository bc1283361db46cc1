// The in-process hot index: (account, scope set) → access token, one map lookup per hit, bounded.
import type { AccessToken } from '../domain/token.js';
import type { Clock } from '../ports/clock.port.js';
import { clockedLru } from './lru.js';

/**
 * A bounded map with approximate LRU eviction in two generations: reads hit the young map (or
 * promote from the old one), and when the young map is full the old generation is dropped whole.
 * It keeps at least the `generation` most recently used entries and never more than twice that.
 * Hand-written rather than lru-cache because this is the hot path: a hit costs one `Map.get`
 * with no write to a recency list, so the cost stays flat from a thousand accounts to a million
 * (a recency list scatters writes across memory the size of the whole cache).
 */
class Generations<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly generation: number) {}

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) {
      this.old.delete(key);
      this.put(key, aged);
    }
    return aged;
  }

  set(key: string, value: V): void {
    this.old.delete(key);
    this.put(key, value);
  }

  delete(key: string): void {
    this.young.delete(key);
    this.old.delete(key);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  private put(key: string, value: V): void {
    if (!this.young.has(key) && this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}

/** How long a token is served from memory before the store is read again, at most. */
export const HOT_ENTRY_MAX_AGE_MS = 60_000;

/**
 * A cached token, and the settled promise a hit hands out (made once, so a hit allocates nothing).
 * An account's first entry is also its slot in the index: the entries of its other scope sets
 * hang off it in `more`, so a hit reads the index's map and this one object, nothing else.
 */
export class HotEntry {
  readonly settled: Promise<AccessToken>;
  /**
   * When the token stops being served (epoch ms): its expiry less its refresh margin, worked out
   * once when it is stored (`refreshDueAt`), so a hit compares one number and reads nothing else.
   */
  readonly refreshAt: number;
  /** The account's entries for other scope sets; kept on its first entry only. */
  more: Map<string, HotEntry> | null = null;

  constructor(
    readonly scopeKey: string,
    readonly token: AccessToken,
    /** Epoch ms after which the entry is not served: bounds a removal message this instance missed. */
    readonly until: number,
    refreshAt: number,
  ) {
    this.settled = Promise.resolve(token);
    this.refreshAt = refreshAt;
  }
}

/**
 * The in-process hot path: (account key, normalized scope set) → access token. A hit is one
 * map lookup and a string comparison — no IdP library, no deserialization, no crypto, and no
 * allocation. Most accounts hold one scope set, so it sits inline in the account's slot; a
 * per-account map exists only for the others. Grouped per account, so removal costs O(tokens of
 * that account), never a scan. `maxAccounts: 0` turns the index off (every call reads the store).
 * An entry is served for at most a minute: every instance drops an account's entries the moment
 * the invalidation bus reports its removal, and the minute bounds a message this instance missed.
 *
 * Removal race: an acquisition that started before its account was removed must not put a
 * token back. Each acquisition takes a ticket; removal leaves a tombstone numbered after
 * every ticket issued so far, and `set` refuses tickets older than the account's tombstone.
 */
export class HotIndex {
  private readonly accounts;
  private readonly tombstones;
  private sequence = 0;

  constructor(
    private readonly clock: Clock,
    options: { maxAccounts?: number } = {},
  ) {
    const max = options.maxAccounts ?? 10_000;
    this.accounts = max > 0 ? new Generations<HotEntry>(max) : null;
    // Tombstones only need to outlive acquisitions in flight (bounded by IdP timeouts).
    this.tombstones = clockedLru<string, number>(clock, { max: 100_000, ttl: 10 * 60_000 });
  }

  ticket(): number {
    return this.sequence;
  }

  /**
   * The entry, unless it is older than {@link HOT_ENTRY_MAX_AGE_MS} (its token's own expiry is
   * the caller's check). `now`: the caller's clock reading, when it has one already.
   */
  get(accountKey: string, scopeKey: string, now = this.clock.now()): HotEntry | undefined {
    const first = this.accounts?.get(accountKey);
    if (first === undefined) return undefined;
    const entry = first.scopeKey === scopeKey ? first : first.more?.get(scopeKey);
    return entry !== undefined && entry.until > now ? entry : undefined;
  }

  /** `refreshAt`: when the token stops being served (epoch ms), from `refreshDueAt`. */
  set(accountKey: string, scopeKey: string, token: AccessToken, ticket: number, refreshAt: number): boolean {
    if (this.accounts === null) return false;
    const removedAt = this.tombstones.get(accountKey);
    if (removedAt !== undefined && removedAt > ticket) return false;
    const first = this.accounts.get(accountKey);
    const entry = new HotEntry(scopeKey, token, this.clock.now() + HOT_ENTRY_MAX_AGE_MS, refreshAt);
    if (first === undefined || first.scopeKey === scopeKey) {
      entry.more = first?.more ?? null;
      this.accounts.set(accountKey, entry);
    } else {
      first.more ??= new Map();
      first.more.set(scopeKey, entry);
    }
    return true;
  }

  evict(accountKey: string): void {
    this.tombstones.set(accountKey, ++this.sequence);
    this.accounts?.delete(accountKey);
  }

  get size(): number {
    return this.accounts?.size ?? 0;
  }
}
