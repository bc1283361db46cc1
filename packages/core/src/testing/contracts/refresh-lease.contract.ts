import type { RefreshLease } from '@identity-web/core/store';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, using } from './fixture.js';

/** Every RefreshLease must pass this. */
export function describeRefreshLeaseContract(name: string, factory: StoreFactory<RefreshLease>): void {
  describe(`RefreshLease contract: ${name}`, () => {
    it('grants a lease to one holder at a time, even to concurrent callers', () =>
      using(factory, async ({ store }) => {
        const tokens = await Promise.all([store.acquire('acct', 10_000), store.acquire('acct', 10_000)]);
        const held = tokens.filter((t): t is string => t !== null);
        expect(held).toHaveLength(1);
        expect(await store.acquire('other', 10_000)).not.toBeNull();
        await store.release('acct', 'not-the-token');
        expect(await store.acquire('acct', 10_000)).toBeNull();
        await store.release('acct', held[0]!);
        expect(await store.acquire('acct', 10_000)).not.toBeNull();
      }));
    it('lets a lease lapse after its time, so a crashed holder blocks no one for long', () =>
      using(factory, async ({ store, advance }) => {
        const first = await store.acquire('acct', 1000);
        expect(first).not.toBeNull();
        await advance(1500);
        const second = await store.acquire('acct', 1000);
        expect(second).not.toBeNull();
        await store.release('acct', first!);
        expect(await store.acquire('acct', 1000)).toBeNull();
      }));
  });
}
