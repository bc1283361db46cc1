import { type AccountRegistry, DEFAULT_MAX_ENTRIES_PER_ACCOUNT, type RegistryEntry } from '@identity-web/core/store';
import type { StateStub } from '../state-rpc.js';
import { attempt, type StateObjects, ttlMs } from './state-objects.js';

// JSON keeps any (account, session) pair apart, whatever characters they hold.
const idOf = (e: Pick<RegistryEntry, 'accountKey' | 'sessionId'>) => JSON.stringify([e.accountKey, e.sessionId]);

/** The entry's own fields and nothing else. */
const cleanOf = (e: RegistryEntry): RegistryEntry => ({
  issuer: e.issuer,
  subject: e.subject,
  accountKey: e.accountKey,
  sessionId: e.sessionId,
  ...(e.sid !== undefined && { sid: e.sid }),
});

/**
 * The account registry over three kinds of Durable Objects: one per account (its entries, the
 * list that `touchAccount`, `forgetAccount` and `forgetSession` work from) and one per (iss, sid)
 * and per (iss, sub) holding copies of the entries a logout looks up, so `findBySid` and
 * `findBySubject` are one request each to an object that only that user's sign-ins touch.
 *
 * Bounded per account: an account object keeps at most `DEFAULT_MAX_ENTRIES_PER_ACCOUNT` (100)
 * entries. Recording a new sign-in of a full account drops its oldest entry, atomically inside
 * the account object, deletes the dropped entry's copies, and returns it from `recordSignIn`:
 * the core then ends its session and, when it was the account's last entry, removes the account
 * (fail closed: no partition outlives every entry a logout could find it by). The index objects
 * hold only copies of those entries, and every object deletes what expired with its alarm.
 *
 * The copies cannot be written in one transaction with the account's list, so the order of the
 * writes keeps the one promise a logout needs: an index copy is written only after its account
 * entry, and `forgetAccount` and `forgetSession` delete the copies before the entries. A failure
 * half-way throws (the core then reports nothing as removed, and a retried logout redoes it all).
 * Dropping an entry for room is the exception: the account object drops it before its copies
 * go, so a copy can outlive its entry — if deleting the copies then fails, `recordSignIn`
 * throws, and the copies left still name that account and session, so a logout still finds
 * them. The one race left — a sign-in of an account interleaved with that account's removal —
 * can likewise leave a copy whose account entry is gone; the copy names that same account, so a
 * later logout for it removes what it should, and the copy expires with its deadline.
 */
export class DurableAccountRegistry implements AccountRegistry {
  constructor(
    private readonly objects: StateObjects,
    private readonly maxEntriesPerAccount = DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
  ) {}

  async recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<RegistryEntry[]> {
    const until = Date.now() + ttlMs(ttlSeconds);
    const clean = cleanOf(entry);
    const id = idOf(clean);
    const account = this.objects.of('account', clean.accountKey);
    // The cap is kept inside the account object: it adds the entry and drops the oldest at once.
    const dropped = (
      await attempt('recordSignIn', () => account.addEntryCapped(id, clean, until, this.maxEntriesPerAccount))
    ).map(cleanOf);
    if (dropped.length > 0) {
      await attempt('recordSignIn', () =>
        Promise.all(this.byIndex(dropped).map(({ index, ids }) => index.removeEntries(ids))),
      );
    }
    await attempt('recordSignIn', () =>
      Promise.all(this.indexesOf(clean).map((name) => this.objects.named(name).addEntry(id, clean, until))),
    );
    return dropped;
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

  async forgetSession(accountKey: string, sessionId: string): Promise<number> {
    const account = this.objects.of('account', accountKey);
    const id = idOf({ accountKey, sessionId });
    const entries = await attempt('forgetSession', () => account.listEntries());
    const entry = entries.find((e) => idOf(e) === id);
    // The account's last entry stays: the caller removes the whole account, entries last.
    if (entries.length - (entry === undefined ? 0 : 1) === 0) return 0;
    // The account's entry names the index objects its copies are in; an entry gone removes nothing.
    if (entry !== undefined) {
      await attempt('forgetSession', () =>
        Promise.all(this.indexesOf(entry).map((name) => this.objects.named(name).removeEntries([id]))),
      );
    }
    return attempt('forgetSession', () => account.removeEntryUnlessLast(id));
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
