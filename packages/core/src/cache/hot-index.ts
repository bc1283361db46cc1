import type { CachedToken } from '../domain/token.js';
import type { Clock } from '../ports/clock.port.js';
import { clockedLru } from './lru.js';

/**
 * The in-process hot path: (account key, normalized scope set) → access token. A hit is two
 * map lookups — no IdP library, no deserialization, no crypto. Entries are
 * grouped per account so removal costs O(tokens of that account), never a scan.
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
    this.accounts = clockedLru<string, Map<string, CachedToken>>(clock, { max: options.maxAccounts ?? 10_000 });
    // Tombstones only need to outlive acquisitions in flight (bounded by IdP timeouts).
    this.tombstones = clockedLru<string, number>(clock, { max: 100_000, ttl: 10 * 60_000 });
  }

  ticket(): number {
    return this.sequence;
  }

  get(accountKey: string, scopeKey: string): CachedToken | undefined {
    return this.accounts.get(accountKey)?.get(scopeKey);
  }

  set(accountKey: string, scopeKey: string, token: CachedToken, ticket: number): boolean {
    const removedAt = this.tombstones.get(accountKey);
    if (removedAt !== undefined && removedAt > ticket) return false;
    const tokens = this.accounts.get(accountKey);
    if (tokens) tokens.set(scopeKey, token);
    else this.accounts.set(accountKey, new Map([[scopeKey, token]]));
    return true;
  }

  evict(accountKey: string): void {
    this.tombstones.set(accountKey, ++this.sequence);
    this.accounts.delete(accountKey);
  }

  get size(): number {
    return this.accounts.size;
  }
}
