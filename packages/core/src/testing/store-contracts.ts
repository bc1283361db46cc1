import { describe, expect, it } from 'vitest';
import type { Account } from '../domain/account.js';
import type { Session, Transaction } from '../domain/session.js';
import type { Invalidation, InvalidationBus } from '../ports/invalidation-bus.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';

/** What a contract suite gets per test: a fresh store and a way to let time pass. */
export interface StoreFixture<S> {
  store: S;
  /** Moves time forward (a manual clock, or a real wait for stores with server-side TTLs). */
  advance(ms: number): Promise<void>;
  close?(): Promise<void>;
}

type Factory<S> = () => Promise<StoreFixture<S>>;

async function using<S>(factory: Factory<S>, body: (f: StoreFixture<S>) => Promise<void>) {
  const fixture = await factory();
  try {
    await body(fixture);
  } finally {
    await fixture.close?.();
  }
}

const account = (subject: string): Account => ({ key: `key-${subject}`, issuer: 'https://idp.test', subject });

export function testSession(id: string, subject: string, sid?: string, issuer = 'https://idp.test'): Session {
  return {
    id,
    accountKey: `key-${subject}`,
    account: { ...account(subject), issuer },
    issuer,
    ...(sid !== undefined && { sid }),
    csrfToken: `csrf-${id}`,
    createdAt: 0,
    expiresAt: Number.MAX_SAFE_INTEGER,
  };
}

const tx = (state: string): Transaction => ({
  state,
  nonce: 'n',
  codeVerifier: 'v',
  browserBinding: 'b',
  returnTo: '/',
  scopes: ['openid'],
  createdAt: 0,
});

/** Every SessionStore must pass this: memory today, Redis tomorrow, the very same suite. */
export function describeSessionStoreContract(name: string, factory: Factory<SessionStore>): void {
  describe(`SessionStore contract: ${name}`, () => {
    it('returns null for an unknown session and stores, reads and deletes one', () =>
      using(factory, async ({ store }) => {
        expect(await store.getSession('nope')).toBeNull();
        await store.setSession(testSession('s1', 'alice', 'sid1'), 60);
        expect((await store.getSession('s1'))?.account.subject).toBe('alice');
        expect(await store.deleteSession('s1')).toBe(true);
        expect(await store.getSession('s1')).toBeNull();
        expect(await store.deleteSession('s1')).toBe(false);
      }));
    it('finds sessions by (iss, sid), never by sid alone across issuers', () =>
      using(factory, async ({ store }) => {
        await store.setSession(testSession('a', 'alice', 'same'), 60);
        await store.setSession(testSession('b', 'bob', 'same', 'https://other.test'), 60);
        expect(await store.findSessionIdsBySid('https://idp.test', 'same')).toEqual(['a']);
        expect(await store.findSessionIdsBySid('https://other.test', 'same')).toEqual(['b']);
        expect(await store.findSessionIdsBySid('https://idp.test', 'missing')).toEqual([]);
      }));
    it('finds every session of an account and of an (iss, sub) pair, and forgets deleted ones', () =>
      using(factory, async ({ store }) => {
        await store.setSession(testSession('a1', 'alice', 'x1'), 60);
        await store.setSession(testSession('a2', 'alice', 'x2'), 60);
        await store.setSession(testSession('b1', 'bob', 'x3'), 60);
        expect((await store.findSessionIdsByAccount('key-alice')).sort()).toEqual(['a1', 'a2']);
        expect((await store.findSessionIdsBySubject('https://idp.test', 'alice')).sort()).toEqual(['a1', 'a2']);
        expect(await store.findSessionIdsBySubject('https://other.test', 'alice')).toEqual([]);
        await store.deleteSession('a1');
        expect(await store.findSessionIdsByAccount('key-alice')).toEqual(['a2']);
        expect(await store.findSessionIdsBySid('https://idp.test', 'x1')).toEqual([]);
      }));
    it('expires sessions after their TTL, indexes included', () =>
      using(factory, async ({ store, advance }) => {
        await store.setSession(testSession('t', 'alice', 'sid-t'), 1);
        await advance(1500);
        expect(await store.getSession('t')).toBeNull();
        expect(await store.findSessionIdsBySid('https://idp.test', 'sid-t')).toEqual([]);
        expect(await store.findSessionIdsByAccount('key-alice')).toEqual([]);
      }));
    it('hands out a transaction exactly once, even to concurrent takers', () =>
      using(factory, async ({ store }) => {
        await store.putTransaction(tx('st'), 60);
        const taken = await Promise.all([store.takeTransaction('st'), store.takeTransaction('st')]);
        expect(taken.filter((t) => t !== null)).toHaveLength(1);
        expect(await store.takeTransaction('st')).toBeNull();
      }));
    it('expires transactions after their TTL', () =>
      using(factory, async ({ store, advance }) => {
        await store.putTransaction(tx('old'), 1);
        await advance(1500);
        expect(await store.takeTransaction('old')).toBeNull();
      }));
  });
}

export function describeTokenCacheStoreContract(name: string, factory: Factory<TokenCacheStore>): void {
  describe(`TokenCacheStore contract: ${name}`, () => {
    it('creates only when the expected version is null, and returns the value with a version', () =>
      using(factory, async ({ store }) => {
        expect(await store.getPartition('k')).toBeNull();
        const v1 = await store.setPartition('k', 'one', null, 60);
        expect(v1).not.toBeNull();
        expect(await store.getPartition('k')).toEqual({ value: 'one', version: v1 });
        expect(await store.setPartition('k', 'again', null, 60)).toBeNull();
      }));
    it('compare-and-set writes only over the version it read', () =>
      using(factory, async ({ store }) => {
        const v1 = await store.setPartition('k', 'one', null, 60);
        const v2 = await store.setPartition('k', 'two', v1, 60);
        expect(v2).not.toBeNull();
        expect(v2).not.toBe(v1);
        expect(await store.setPartition('k', 'stale', v1, 60)).toBeNull();
        expect((await store.getPartition('k'))?.value).toBe('two');
      }));
    it('never lets a write based on a deleted partition bring it back (resurrection)', () =>
      using(factory, async ({ store }) => {
        const v1 = await store.setPartition('k', 'one', null, 60);
        expect(await store.deletePartition('k')).toBe(true);
        expect(await store.setPartition('k', 'zombie', v1, 60)).toBeNull();
        expect(await store.getPartition('k')).toBeNull();
        // A new partition after removal gets a version the old reader cannot name.
        const fresh = await store.setPartition('k', 'new', null, 60);
        expect(fresh).not.toBe(v1);
        expect(await store.setPartition('k', 'zombie', v1, 60)).toBeNull();
      }));
    it('lets exactly one of two concurrent writers from the same version win', () =>
      using(factory, async ({ store }) => {
        const v1 = await store.setPartition('k', 'one', null, 60);
        const results = await Promise.all([store.setPartition('k', 'a', v1, 60), store.setPartition('k', 'b', v1, 60)]);
        expect(results.filter((r) => r !== null)).toHaveLength(1);
      }));
    it('keeps partitions apart and expires them after their TTL', () =>
      using(factory, async ({ store, advance }) => {
        await store.setPartition('a', 'A', null, 1);
        await store.setPartition('b', 'B', null, 60);
        expect(await store.deletePartition('a')).toBe(true);
        expect((await store.getPartition('b'))?.value).toBe('B');
        await store.setPartition('c', 'C', null, 1);
        await advance(1500);
        expect(await store.getPartition('c')).toBeNull();
        expect(await store.deletePartition('missing')).toBe(false);
      }));
  });
}

export function describeReplayCacheContract(name: string, factory: Factory<ReplayCache>): void {
  describe(`ReplayCache contract: ${name}`, () => {
    it('accepts a key once, then refuses it until it expires', () =>
      using(factory, async ({ store, advance }) => {
        expect(await store.putIfAbsent('jti-1', 1)).toBe(true);
        expect(await store.putIfAbsent('jti-1', 1)).toBe(false);
        const both = await Promise.all([store.putIfAbsent('jti-2', 60), store.putIfAbsent('jti-2', 60)]);
        expect(both.filter(Boolean)).toHaveLength(1);
        await advance(1500);
        expect(await store.putIfAbsent('jti-1', 1)).toBe(true);
      }));
  });
}

export function describeInvalidationBusContract(name: string, factory: Factory<InvalidationBus>): void {
  describe(`InvalidationBus contract: ${name}`, () => {
    it('delivers published messages to subscribers until they unsubscribe', () =>
      using(factory, async ({ store, advance }) => {
        const seen: Invalidation[] = [];
        const stop = store.subscribe((m) => seen.push(m));
        await store.publish({ type: 'account-removed', accountKey: 'k1' });
        await store.publish({ type: 'session-ended', sessionId: 's1' });
        for (let i = 0; i < 50 && seen.length < 2; i++) await advance(20);
        expect(seen).toEqual([
          { type: 'account-removed', accountKey: 'k1' },
          { type: 'session-ended', sessionId: 's1' },
        ]);
        stop();
        await store.publish({ type: 'account-removed', accountKey: 'k2' });
        await advance(50);
        expect(seen).toHaveLength(2);
      }));
  });
}
