import type { CachedToken } from '../domain/token.js';
import type { Clock } from '../ports/clock.port.js';
import { clockedLru } from './lru.js';

/** Where one account's tokens live: the first scope set inline, any further ones in a map. */
class Slot {
  more: Map<string, CachedToken> | null = null;

  constructor(
    public scopeKey: string,
    public token: CachedToken,
  ) {}

  get(scopeKey: string): CachedToken | undefined {
    return scopeKey === this.scopeKey ? this.token : this.more?.get(scopeKey);
  }

  set(scopeKey: string, token: CachedToken): void {
    if (scopeKey === this.scopeKey) this.token = token;
    else (this.more ??= new Map()).set(scopeKey, token);
  }
}

/**
 * The in-process hot path: (account key, normalized scope set) → access token. A hit is one
 * map lookup and a string comparison — no IdP library, no deserialization, no crypto, and no
 * allocation. Most accounts hold one scope set, so it sits inline in the account's slot; a
 * per-account map exists only for the others. Grouped per account, so removal costs O(tokens of
 * that account), never a scan. `maxAccounts: 0` turns the index off (every call reads the store).
 *
 * Removal race: an acquisition that started before its account was removed must not put a
 * token back. Each acquisition takes a ticket; removal leaves a tombstone numbered after
 * every ticket issued so far, and `set` refuses tickets older than the account's tombstone.
 */
export class HotIndex {
  private readonly accounts;
  private readonly tombstones;
  private sequence = 0;

  constructor(clock: Clock, options: { maxAccounts?: number } = {}) {
    const max = options.maxAccounts ?? 10_000;
    this.accounts = max > 0 ? clockedLru<string, Slot>(clock, { max }) : null;
    // Tombstones only need to outlive acquisitions in flight (bounded by IdP timeouts).
    this.tombstones = clockedLru<string, number>(clock, { max: 100_000, ttl: 10 * 60_000 });
  }

  ticket(): number {
    return this.sequence;
  }

  get(accountKey: string, scopeKey: string): CachedToken | undefined {
    return this.accounts?.get(accountKey)?.get(scopeKey);
  }

  set(accountKey: string, scopeKey: string, token: CachedToken, ticket: number): boolean {
    if (this.accounts === null) return false;
    const removedAt = this.tombstones.get(accountKey);
    if (removedAt !== undefined && removedAt > ticket) return false;
    const slot = this.accounts.get(accountKey);
    if (slot) slot.set(scopeKey, token);
    else this.accounts.set(accountKey, new Slot(scopeKey, token));
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
