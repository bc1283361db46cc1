import type { Invalidation, InvalidationBus } from '@identity-web/core/store';
import { describe, expect, it } from 'vitest';
import { type StoreFactory, using } from './fixture.js';

/** Every InvalidationBus must pass this. */
export function describeInvalidationBusContract(name: string, factory: StoreFactory<InvalidationBus>): void {
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
