import type { SessionStore } from '@identity-web/core/store';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, using } from './fixture.js';

/** Every SessionStore must pass this: memory, Redis, Durable Objects — the very same suite. */
export function describeSessionStoreContract(name: string, factory: StoreFactory<SessionStore>): void {
  describe(`SessionStore contract: ${name}`, () => {
    it('returns null for an unknown session and stores, reads and deletes one', () =>
      using(factory, async ({ store }) => {
        expect(await store.getSession('nope')).toBeNull();
        await store.setSession('s1', 'sealed-record-1', 60);
        expect(await store.getSession('s1')).toBe('sealed-record-1');
        expect(await store.deleteSession('s1')).toBe(true);
        expect(await store.getSession('s1')).toBeNull();
        expect(await store.deleteSession('s1')).toBe(false);
      }));
    it('keeps sessions apart and overwrites one in place', () =>
      using(factory, async ({ store }) => {
        await store.setSession('a', 'A', 60);
        await store.setSession('b', 'B', 60);
        await store.setSession('a', 'A2', 60);
        expect(await store.getSession('a')).toBe('A2');
        expect(await store.getSession('b')).toBe('B');
      }));
    it('expires sessions after their TTL', () =>
      using(factory, async ({ store, advance }) => {
        await store.setSession('t', 'T', 1);
        await store.setSession('long', 'L', 60);
        await advance(1500);
        expect(await store.getSession('t')).toBeNull();
        expect(await store.getSession('long')).toBe('L');
      }));
  });
}
