// The account registry on Durable Objects: one per account, plus lookup copies by (iss, sid), (iss, sub) and (iss, email).
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
  ...(e.email !== undefined && { email: e.email }),
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
 * writes keeps the one promise a logout needs — no partition without an entry it can find:
 * `recordSignIn` writes the copies before the account's entry, and `forgetAccount` lists the
 * account's entries before it deletes their copies, and the entries last; so a removal running
 * beside a sign-in either removes the new entry with its copies or leaves both. `forgetSession`
 * removes the account's entry first (never its last, in the same step) and the copies after it.
 * A failure half-way throws, and what it can leave behind is a copy whose account entry is gone:
 * the copy names its account and session, so a logout that finds it ends that session and removes
 * the account, and it expires with its deadline.
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
    // The lookup copies first, the account's own entry last: `forgetAccount` lists the account's
    // entries before it deletes their copies, so a removal running meanwhile either sees the new
    // entry with its copies written (and removes both) or does not see it at all.
    await attempt('recordSignIn', () =>
      Promise.all(this.indexesOf(clean).map((name) => this.objects.named(name).addEntry(id, clean, until))),
    );
    // The cap is kept inside the account object: it adds the entry and drops the oldest at once.
    const dropped = (
      await attempt('recordSignIn', () => account.addEntryCapped(id, clean, until, this.maxEntriesPerAccount))
    ).map(cleanOf);
    if (dropped.length > 0) {
      await attempt('recordSignIn', () =>
        Promise.all(this.byIndex(dropped).map(({ index, ids }) => index.removeEntries(ids))),
      );
    }
    return dropped;
  }

  findBySid(issuer: string, sid: string): Promise<RegistryEntry[]> {
    return attempt('findBySid', () => this.objects.of('sid', issuer, sid).listEntries());
  }

  findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]> {
    return attempt('findBySubject', () => this.objects.of('sub', issuer, subject).listEntries());
  }

  findByEmail(issuer: string, email: string): Promise<RegistryEntry[]> {
    return attempt('findByEmail', () => this.objects.of('email', issuer, email).listEntries());
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
    const id = idOf({ accountKey, sessionId });
    // The account object decides and removes in one step (never the account's last entry), so two
    // concurrent calls cannot both count the other's entry; the copies go after it. A copy left by
    // a failure there still names its account and session: a logout that finds it removes them.
    const { left, removed } = await attempt('forgetSession', () =>
      this.objects.of('account', accountKey).removeEntryUnlessLast(id),
    );
    if (removed !== null) {
      const entry = cleanOf(removed);
      await attempt('forgetSession', () =>
        Promise.all(this.indexesOf(entry).map((name) => this.objects.named(name).removeEntries([id]))),
      );
    }
    return left;
  }

  private indexesOf(entry: RegistryEntry): string[] {
    return [
      this.objects.name('sub', entry.issuer, entry.subject),
      ...(entry.sid === undefined ? [] : [this.objects.name('sid', entry.issuer, entry.sid)]),
      ...(entry.email === undefined ? [] : [this.objects.name('email', entry.issuer, entry.email)]),
    ];
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
