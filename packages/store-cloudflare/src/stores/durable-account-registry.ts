import type { AccountRegistry, RegistryEntry } from '@identity-web/core/store';
import type { StateStub } from '../state-rpc.js';
import { attempt, type StateObjects, ttlMs } from './state-objects.js';

// JSON keeps any (account, session) pair apart, whatever characters they hold.
const idOf = (e: RegistryEntry) => JSON.stringify([e.accountKey, e.sessionId]);

/**
 * The account registry over three kinds of Durable Objects: one per account (its entries, the
 * list that `touchAccount` and `forgetAccount` work from) and one per (iss, sid) and per
 * (iss, sub) holding copies of the entries a logout looks up, so `findBySid` and
 * `findBySubject` are one request each to an object that only that user's sign-ins touch.
 *
 * The copies cannot be written in one transaction with the account's list, so the order of the
 * writes keeps the one promise a logout needs: an index copy is written only after its account
 * entry, and `forgetAccount` deletes the copies before the entries. A failure half-way throws
 * (the core then reports nothing as removed, and a retried logout redoes it all). The one race
 * left — a sign-in of an account interleaved with that account's removal — can leave a copy
 * whose account entry is gone; the copy names that same account, so a later logout for it
 * removes what it should, and the copy expires with its deadline.
 */
export class DurableAccountRegistry implements AccountRegistry {
  constructor(private readonly objects: StateObjects) {}

  async recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<void> {
    const until = Date.now() + ttlMs(ttlSeconds);
    const clean: RegistryEntry = {
      issuer: entry.issuer,
      subject: entry.subject,
      accountKey: entry.accountKey,
      sessionId: entry.sessionId,
      ...(entry.sid !== undefined && { sid: entry.sid }),
    };
    const id = idOf(clean);
    await attempt('recordSignIn', () => this.objects.of('account', clean.accountKey).addEntry(id, clean, until));
    await attempt('recordSignIn', () =>
      Promise.all(this.indexesOf(clean).map((name) => this.objects.named(name).addEntry(id, clean, until))),
    );
  }

  findBySid(issuer: string, sid: string): Promise<RegistryEntry[]> {
    return attempt('findBySid', () => this.objects.of('sid', issuer, sid).listEntries());
  }

  findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]> {
    return attempt('findBySubject', () => this.objects.of('sub', issuer, subject).listEntries());
  }

  async touchAccount(accountKey: string, ttlSeconds: number): Promise<void> {
    const until = Date.now() + ttlMs(ttlSeconds);
    const entries = await attempt('touchAccount', () => this.objects.of('account', accountKey).extendEntries(until));
    await attempt('touchAccount', () =>
      Promise.all(this.byIndex(entries).map(({ index, ids }) => index.extendEntries(until, ids))),
    );
  }

  async forgetAccount(accountKey: string): Promise<RegistryEntry[]> {
    const account = this.objects.of('account', accountKey);
    const entries = await attempt('forgetAccount', () => account.listEntries());
    if (entries.length === 0) return [];
    await attempt('forgetAccount', () =>
      Promise.all(this.byIndex(entries).map(({ index, ids }) => index.removeEntries(ids))),
    );
    // Only what this call removed: a concurrent forgetAccount returns each entry once.
    return attempt('forgetAccount', () => account.removeEntries(entries.map(idOf)));
  }

  private indexesOf(entry: RegistryEntry): string[] {
    const subject = this.objects.name('sub', entry.issuer, entry.subject);
    return entry.sid === undefined ? [subject] : [subject, this.objects.name('sid', entry.issuer, entry.sid)];
  }

  /** One request per index object, however many of the account's entries it holds. */
  private byIndex(entries: readonly RegistryEntry[]): { index: StateStub; ids: string[] }[] {
    const groups = new Map<string, string[]>();
    for (const entry of entries) {
      for (const name of this.indexesOf(entry)) groups.set(name, [...(groups.get(name) ?? []), idOf(entry)]);
    }
    return [...groups].map(([name, ids]) => ({ index: this.objects.named(name), ids }));
  }
}
