import type { TokenCacheStore } from '@identity-web/core/store';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, using } from './fixture.js';

const v = (value: string, version: string) => ({ value, version });

/** Every TokenCacheStore must pass this. */
export function describeTokenCacheStoreContract(name: string, factory: StoreFactory<TokenCacheStore>): void {
  describe(`TokenCacheStore contract: ${name}`, () => {
    it('creates only when the expected version is null, and returns the value with its version', () =>
      using(factory, async ({ store }) => {
        expect(await store.getPartition('k')).toBeNull();
        expect(await store.setPartition('k', v('one', 'v1'), null, 60)).toBe(true);
        expect(await store.getPartition('k')).toEqual(v('one', 'v1'));
        expect(await store.setPartition('k', v('again', 'v2'), null, 60)).toBe(false);
      }));
    it('compare-and-set writes only over the version it read', () =>
      using(factory, async ({ store }) => {
        await store.setPartition('k', v('one', 'v1'), null, 60);
        expect(await store.setPartition('k', v('two', 'v2'), 'v1', 60)).toBe(true);
        expect(await store.setPartition('k', v('stale', 'v3'), 'v1', 60)).toBe(false);
        expect(await store.getPartition('k')).toEqual(v('two', 'v2'));
      }));
    it('never lets a write based on a deleted partition bring it back (resurrection)', () =>
      using(factory, async ({ store }) => {
        await store.setPartition('k', v('one', 'v1'), null, 60);
        expect(await store.deletePartition('k')).toBe(true);
        expect(await store.setPartition('k', v('zombie', 'v2'), 'v1', 60)).toBe(false);
        expect(await store.getPartition('k')).toBeNull();
      }));
    it('lets exactly one of two concurrent writers from the same version win', () =>
      using(factory, async ({ store }) => {
        await store.setPartition('k', v('one', 'v1'), null, 60);
        const results = await Promise.all([
          store.setPartition('k', v('a', 'va'), 'v1', 60),
          store.setPartition('k', v('b', 'vb'), 'v1', 60),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(['va', 'vb']).toContain((await store.getPartition('k'))?.version);
      }));
    it('keeps partitions apart and expires them after their TTL', () =>
      using(factory, async ({ store, advance }) => {
        await store.setPartition('a', v('A', '1'), null, 60);
        await store.setPartition('b', v('B', '2'), null, 60);
        expect(await store.deletePartition('a')).toBe(true);
        expect(await store.getPartition('b')).toEqual(v('B', '2'));
        await store.setPartition('c', v('C', '3'), null, 1);
        await advance(1500);
        expect(await store.getPartition('c')).toBeNull();
        expect(await store.deletePartition('missing')).toBe(false);
      }));
  });
}
