import { clockedLru, MultiIndex } from '../cache/lru.js';
import type { AccountRegistry, RegistryEntry } from '../ports/account-registry.port.js';
import type { Clock } from '../ports/clock.port.js';

/** Options of {@link MemoryAccountRegistry}. */
export interface MemoryAccountRegistryOptions {
  /** Most sign-ins remembered; the least recently used go first. Default 200,000. */
  maxEntries?: number;
}

// JSON keeps any two names apart, whatever characters they hold (no key confusion).
const pair = (a: string, b: string) => JSON.stringify([a, b]);

/**
 * The account registry in process memory: one entry per sign-in, indexed by (iss, sid),
 * (iss, sub) and account. Every operation costs O(entries it returns), never a scan.
 */
export class MemoryAccountRegistry implements AccountRegistry {
  private readonly entries;
  private readonly bySid = new MultiIndex();
  private readonly bySubject = new MultiIndex();
  private readonly byAccount = new MultiIndex();

  constructor(clock: Clock, options: MemoryAccountRegistryOptions = {}) {
    this.entries = clockedLru<string, RegistryEntry>(clock, {
      max: options.maxEntries ?? 200_000,
      ttl: 1,
      dispose: (entry, id) => this.unindex(id, entry),
    });
  }

  async recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<void> {
    const id = pair(entry.accountKey, entry.sessionId);
    this.entries.set(id, { ...entry }, { ttl: ttlSeconds * 1000 });
    if (entry.sid !== undefined) this.bySid.add(pair(entry.issuer, entry.sid), id);
    this.bySubject.add(pair(entry.issuer, entry.subject), id);
    this.byAccount.add(entry.accountKey, id);
  }

  async findBySid(issuer: string, sid: string): Promise<RegistryEntry[]> {
    return this.resolve(this.bySid.get(pair(issuer, sid)));
  }

  async findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]> {
    return this.resolve(this.bySubject.get(pair(issuer, subject)));
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
    this.byAccount.remove(entry.accountKey, id);
  }
}
