// MemoryAccountRegistry: the account registry of a single instance, in memory, bounded per account
// and in all.
import { clockedLru, MultiIndex } from '../cache/lru.js';
import { optionalNumber } from '../domain/option-checks.js';
import { refuseUnknownOptions, type ShapeOf } from '../domain/option-keys.js';
import {
  type AccountRegistry,
  DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
  type RegistryEntry,
} from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';

/**
 * Options of {@link MemoryAccountRegistry}.
 *
 * @example
 * ```ts
 * import { MemoryAccountRegistry } from '@identity-web/core/store';
 *
 * const clock = { now: () => Date.now() };
 * const accountRegistry = new MemoryAccountRegistry(clock, { maxEntries: 50_000, maxEntriesPerAccount: 20 });
 * ```
 *
 * @group Stores
 */
export interface MemoryAccountRegistryOptions {
  /**
   * Most sign-ins remembered; past it the least recently used entry is dropped, and the core
   * ends its session and, with the account's last entry, removes the account. Default 200,000.
   */
  maxEntries?: number;
  /** Most sign-ins remembered per account; past it the account's oldest is dropped. Default 100. */
  maxEntriesPerAccount?: number;
}

// JSON keeps any two names apart, whatever characters they hold (no key confusion).
const pair = (a: string, b: string) => JSON.stringify([a, b]);

/**
 * The account registry in process memory: one entry per sign-in, indexed by (iss, sid),
 * (iss, sub) and account. Every operation costs O(entries it returns), never a scan.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { MemoryAccountRegistry } from '@identity-web/core/store';
 *
 * const clock = { now: () => Date.now() };
 * const identity = createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   clock,
 *   stores: { accountRegistry: new MemoryAccountRegistry(clock, { maxEntries: 50_000 }) },
 * });
 * ```
 *
 * @see OpenID Connect Back-Channel Logout 1.0 §2.7 (Back-Channel Logout Actions) and OpenID Connect
 * Front-Channel Logout 1.0 §2: the sessions and accounts a logout's `sid` or `sub` names.
 *
 * @group Stores
 */
export class MemoryAccountRegistry implements AccountRegistry {
  private readonly entries;
  private readonly bySid = new MultiIndex();
  private readonly bySubject = new MultiIndex();
  private readonly byEmail = new MultiIndex();
  private readonly byAccount = new MultiIndex();
  private readonly maxPerAccount: number;
  /** Collects what the LRU evicts while `recordSignIn` runs, to hand it back. */
  private evicted: RegistryEntry[] | null = null;

  constructor(clock: Clock, options: MemoryAccountRegistryOptions = {}) {
    refuseUnknownOptions(
      options,
      { maxEntries: true, maxEntriesPerAccount: true } satisfies ShapeOf<MemoryAccountRegistryOptions>,
      'MemoryAccountRegistry',
    );
    this.maxPerAccount = atLeastOne(
      options.maxEntriesPerAccount,
      DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
      'maxEntriesPerAccount',
    );
    this.entries = clockedLru<string, RegistryEntry>(clock, {
      max: atLeastOne(options.maxEntries, 200_000, 'maxEntries'),
      ttl: 1,
      dispose: (entry, id, reason) => {
        this.unindex(id, entry);
        if (reason === 'evict') this.evicted?.push({ ...entry });
      },
    });
  }

  async recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<RegistryEntry[]> {
    const id = pair(entry.accountKey, entry.sessionId);
    const dropped: RegistryEntry[] = [];
    if (!this.entries.has(id)) {
      // The account's oldest sign-ins make room first (insertion order).
      const ids = this.byAccount.get(entry.accountKey);
      for (const oldest of ids.slice(0, Math.max(0, ids.length - this.maxPerAccount + 1))) {
        const old = this.entries.get(oldest);
        this.entries.delete(oldest);
        if (old) dropped.push({ ...old });
      }
    }
    this.evicted = dropped;
    try {
      this.entries.set(id, { ...entry }, { ttl: ttlSeconds * 1000 });
    } finally {
      this.evicted = null;
    }
    if (entry.sid !== undefined) this.bySid.add(pair(entry.issuer, entry.sid), id);
    this.bySubject.add(pair(entry.issuer, entry.subject), id);
    if (entry.email !== undefined) this.byEmail.add(pair(entry.issuer, entry.email), id);
    this.byAccount.add(entry.accountKey, id);
    return dropped;
  }

  async findBySid(issuer: string, sid: string): Promise<RegistryEntry[]> {
    return this.resolve(this.bySid.get(pair(issuer, sid)));
  }

  async findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]> {
    return this.resolve(this.bySubject.get(pair(issuer, subject)));
  }

  async findByEmail(issuer: string, email: string): Promise<RegistryEntry[]> {
    return this.resolve(this.byEmail.get(pair(issuer, email)));
  }

  async touchAccount(accountKey: string, ttlSeconds: number): Promise<void> {
    for (const id of this.byAccount.get(accountKey)) {
      const entry = this.entries.get(id);
      if (entry) this.entries.set(id, entry, { ttl: ttlSeconds * 1000 });
    }
  }

  async forgetAccount(accountKey: string): Promise<RegistryEntry[]> {
    const found = this.resolve(this.byAccount.get(accountKey));
    for (const entry of found) this.entries.delete(pair(entry.accountKey, entry.sessionId));
    return found;
  }

  async forgetSession(accountKey: string, sessionId: string): Promise<number> {
    const others = this.resolve(this.byAccount.get(accountKey)).filter((e) => e.sessionId !== sessionId).length;
    if (others > 0) this.entries.delete(pair(accountKey, sessionId));
    return others;
  }

  private resolve(ids: readonly string[]): RegistryEntry[] {
    const out: RegistryEntry[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) out.push({ ...entry });
    }
    return out;
  }

  private unindex(id: string, entry: RegistryEntry): void {
    if (entry.sid !== undefined) this.bySid.remove(pair(entry.issuer, entry.sid), id);
    this.bySubject.remove(pair(entry.issuer, entry.subject), id);
    if (entry.email !== undefined) this.byEmail.remove(pair(entry.issuer, entry.email), id);
    this.byAccount.remove(entry.accountKey, id);
  }
}

function atLeastOne(value: number | undefined, fallback: number, name: string): number {
  return optionalNumber(value, name, fallback, { min: 1, integer: true });
}
