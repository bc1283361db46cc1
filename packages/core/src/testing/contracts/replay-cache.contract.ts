import type { ReplayCache } from '@identity-web/core/store';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, using } from './fixture.js';

/** Every ReplayCache must pass this. */
export function describeReplayCacheContract(name: string, factory: StoreFactory<ReplayCache>): void {
  describe(`ReplayCache contract: ${name}`, () => {
    it('accepts a key once, then refuses it until it expires', () =>
      using(factory, async ({ store, advance }) => {
        expect(await store.has('jti-1')).toBe(false);
        expect(await store.putIfAbsent('jti-1', 1)).toBe(true);
        expect(await store.has('jti-1')).toBe(true);
        expect(await store.putIfAbsent('jti-1', 1)).toBe(false);
        const both = await Promise.all([store.putIfAbsent('jti-2', 60), store.putIfAbsent('jti-2', 60)]);
        expect(both.filter(Boolean)).toHaveLength(1);
        await advance(1500);
        expect(await store.has('jti-1')).toBe(false);
        expect(await store.putIfAbsent('jti-1', 1)).toBe(true);
        expect(await store.has('jti-2')).toBe(true);
      }));
  });
}
