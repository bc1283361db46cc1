import { describe, expect, it } from 'vitest';
import type { AccountRegistry, RegistryEntry } from '../../ports/account-registry.port.js';
import { type StoreFactory, using } from './fixture.js';

const ISS = 'https://idp.test';

/** A registry entry for tests: account `key-<subject>`. */
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
    it('keeps names with separators apart (no key confusion)', () =>
      using(factory, async ({ store }) => {
        await store.recordSignIn({ issuer: 'a', subject: 'b\u0000c', accountKey: 'k1', sessionId: 's1' }, 60);
        await store.recordSignIn({ issuer: 'a\u0000b', subject: 'c', accountKey: 'k2', sessionId: 's2' }, 60);
        expect(ids(await store.findBySubject('a', 'b\u0000c'))).toEqual(['s1']);
        expect(ids(await store.findBySubject('a\u0000b', 'c'))).toEqual(['s2']);
      }));
  });
}
