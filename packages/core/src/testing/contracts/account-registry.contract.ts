import type { AccountRegistry, RegistryEntry } from '@identity-web/core/store';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_ENTRIES_PER_ACCOUNT } from '../../ports/account-registry.port.js';
import { type StoreFactory, using } from './fixture.js';

const ISS = 'https://idp.test';

/**
 * A registry entry for tests: account `key-<subject>`.
 *
 * @group Test suites
 */
export function testEntry(sessionId: string, subject: string, sid?: string, issuer = ISS): RegistryEntry {
  return { issuer, subject, accountKey: `key-${subject}`, sessionId, ...(sid !== undefined && { sid }) };
}

const ids = (entries: RegistryEntry[]) => entries.map((e) => e.sessionId).sort();

/** Every AccountRegistry must pass this. */
export function describeAccountRegistryContract(name: string, factory: StoreFactory<AccountRegistry>): void {
  describe(`AccountRegistry contract: ${name}`, () => {
    it('finds sign-ins by (iss, sid), never by sid alone across issuers', () =>
      using(factory, async ({ store }) => {
        await store.recordSignIn(testEntry('a', 'alice', 'same'), 60);
        await store.recordSignIn(testEntry('b', 'bob', 'same', 'https://other.test'), 60);
        expect(await store.findBySid(ISS, 'same')).toEqual([testEntry('a', 'alice', 'same')]);
        expect(ids(await store.findBySid('https://other.test', 'same'))).toEqual(['b']);
        expect(await store.findBySid(ISS, 'missing')).toEqual([]);
      }));
    it('finds every sign-in of an (iss, sub) pair, with or without sid', () =>
      using(factory, async ({ store }) => {
        await store.recordSignIn(testEntry('a1', 'alice', 'x1'), 60);
        await store.recordSignIn(testEntry('a2', 'alice'), 60);
        await store.recordSignIn(testEntry('b1', 'bob', 'x3'), 60);
        expect(ids(await store.findBySubject(ISS, 'alice'))).toEqual(['a1', 'a2']);
        expect(await store.findBySubject('https://other.test', 'alice')).toEqual([]);
      }));
    it('finds sign-ins filed with an email by (iss, email), and drops them with their session or account', () =>
      using(factory, async ({ store }) => {
        const findByEmail = store.findByEmail?.bind(store);
        if (findByEmail === undefined) return; // optional: Shared Signals email subjects need it
        const mailed = (sessionId: string, subject: string, email: string) => ({
          ...testEntry(sessionId, subject, `sid-${sessionId}`),
          email,
        });
        await store.recordSignIn(mailed('a1', 'alice', 'alice@example.com'), 60);
        await store.recordSignIn(mailed('a2', 'alice', 'alice@example.com'), 60);
        await store.recordSignIn(testEntry('b1', 'bob', 'sid-b1'), 60);
        expect(ids(await findByEmail(ISS, 'alice@example.com'))).toEqual(['a1', 'a2']);
        expect((await findByEmail(ISS, 'alice@example.com')).map((e) => e.email)).toEqual([
          'alice@example.com',
          'alice@example.com',
        ]);
        expect(await findByEmail('https://other.test', 'alice@example.com')).toEqual([]);
        expect(await store.forgetSession('key-alice', 'a1')).toBe(1);
        expect(ids(await findByEmail(ISS, 'alice@example.com'))).toEqual(['a2']);
        expect(ids(await store.forgetAccount('key-alice'))).toEqual(['a2']);
        expect(await findByEmail(ISS, 'alice@example.com')).toEqual([]);
      }));
    it('forgets every entry of one account and returns them, leaving other accounts alone', () =>
      using(factory, async ({ store }) => {
        await store.recordSignIn(testEntry('a1', 'alice', 'x1'), 60);
        await store.recordSignIn(testEntry('a2', 'alice', 'x2'), 60);
        await store.recordSignIn(testEntry('b1', 'bob', 'x1', 'https://other.test'), 60);
        expect(ids(await store.forgetAccount('key-alice'))).toEqual(['a1', 'a2']);
        expect(await store.findBySid(ISS, 'x1')).toEqual([]);
        expect(await store.findBySubject(ISS, 'alice')).toEqual([]);
        expect(ids(await store.findBySid('https://other.test', 'x1'))).toEqual(['b1']);
        expect(await store.forgetAccount('key-alice')).toEqual([]);
      }));
    it('expires entries after their TTL unless the account is touched', () =>
      using(factory, async ({ store, advance }) => {
        await store.recordSignIn(testEntry('a', 'alice', 'sa'), 2);
        await store.recordSignIn(testEntry('b', 'bob', 'sb'), 2);
        await advance(1000);
        await store.touchAccount('key-bob', 60);
        await advance(1500);
        expect(await store.findBySid(ISS, 'sa')).toEqual([]);
        expect(await store.findBySubject(ISS, 'alice')).toEqual([]);
        expect(ids(await store.findBySid(ISS, 'sb'))).toEqual(['b']);
      }));
    it('forgets one sign-in and counts what the account has left, idempotently, but never its last', () =>
      using(factory, async ({ store }) => {
        await store.recordSignIn(testEntry('a1', 'alice', 'x1'), 60);
        await store.recordSignIn(testEntry('a2', 'alice', 'x2'), 60);
        await store.recordSignIn(testEntry('b1', 'bob', 'x1', 'https://other.test'), 60);
        expect(await store.forgetSession('key-alice', 'a1')).toBe(1);
        expect(await store.findBySid(ISS, 'x1')).toEqual([]);
        expect(ids(await store.findBySubject(ISS, 'alice'))).toEqual(['a2']);
        expect(await store.forgetSession('key-alice', 'a1')).toBe(1);
        // The last entry stays, so a logout still finds the account until the caller removed it.
        expect(await store.forgetSession('key-alice', 'a2')).toBe(0);
        expect(ids(await store.findBySid(ISS, 'x2'))).toEqual(['a2']);
        expect(ids(await store.findBySubject(ISS, 'alice'))).toEqual(['a2']);
        expect(ids(await store.forgetAccount('key-alice'))).toEqual(['a2']);
        expect(await store.findBySubject(ISS, 'alice')).toEqual([]);
        expect(await store.forgetSession('key-nobody', 'n1')).toBe(0);
        expect(ids(await store.findBySid('https://other.test', 'x1'))).toEqual(['b1']);
      }));
    it("of two concurrent forgetSession calls for an account's only two entries, removes one and keeps the other findable", () =>
      using(factory, async ({ store }) => {
        await store.recordSignIn(testEntry('a1', 'alice', 'x1'), 60);
        await store.recordSignIn(testEntry('a2', 'alice', 'x2'), 60);
        const left = await Promise.all([
          store.forgetSession('key-alice', 'a1'),
          store.forgetSession('key-alice', 'a2'),
        ]);
        expect([...left].sort()).toEqual([0, 1]);
        const kept = left[0] === 0 ? { id: 'a1', sid: 'x1' } : { id: 'a2', sid: 'x2' };
        expect(ids(await store.findBySubject(ISS, 'alice'))).toEqual([kept.id]);
        expect(ids(await store.findBySid(ISS, kept.sid))).toEqual([kept.id]);
        expect(ids(await store.forgetAccount('key-alice'))).toEqual([kept.id]);
      }));
    it(`keeps at most ${DEFAULT_MAX_ENTRIES_PER_ACCOUNT} entries per account, dropping and returning the oldest`, () =>
      using(factory, async ({ store }) => {
        await store.recordSignIn(testEntry('b', 'bob', 'sb'), 60);
        for (let i = 0; i < DEFAULT_MAX_ENTRIES_PER_ACCOUNT; i++) {
          expect((await store.recordSignIn(testEntry(`a${i}`, 'alice', `x${i}`), 60)) ?? []).toEqual([]);
        }
        const dropped = await store.recordSignIn(testEntry('newest', 'alice', 'new'), 60);
        expect(dropped).toEqual([testEntry('a0', 'alice', 'x0')]);
        expect(await store.findBySid(ISS, 'x0')).toEqual([]);
        expect(await store.findBySubject(ISS, 'alice')).toHaveLength(DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
        expect(ids(await store.findBySid(ISS, 'new'))).toEqual(['newest']);
        // Recording a sign-in again (the same session) is no new entry.
        expect((await store.recordSignIn(testEntry('newest', 'alice', 'new'), 60)) ?? []).toEqual([]);
        expect(ids(await store.findBySid(ISS, 'sb'))).toEqual(['b']);
        expect(await store.forgetAccount('key-alice')).toHaveLength(DEFAULT_MAX_ENTRIES_PER_ACCOUNT);
      }));
    it('keeps names with separators apart (no key confusion)', () =>
      using(factory, async ({ store }) => {
        await store.recordSignIn({ issuer: 'a', subject: 'b\u0000c', accountKey: 'k1', sessionId: 's1' }, 60);
        await store.recordSignIn({ issuer: 'a\u0000b', subject: 'c', accountKey: 'k2', sessionId: 's2' }, 60);
        expect(ids(await store.findBySubject('a', 'b\u0000c'))).toEqual(['s1']);
        expect(ids(await store.findBySubject('a\u0000b', 'c'))).toEqual(['s2']);
      }));
  });
}
