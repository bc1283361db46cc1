// Runs the store contract suites of the packed @identity-web/core/testing under vitest, as a store
// author would: the testing entry, its vitest and fast-check peers and the core's memory stores.
import {
  MemoryAccountRegistry,
  MemoryInvalidationBus,
  MemoryRefreshLease,
  MemoryReplayCache,
  MemorySessionStore,
  MemoryTokenCacheStore,
} from '@identity-web/core/store';
import { describeStoreSetContract, ManualClock } from '@identity-web/core/testing';

describeStoreSetContract('memory (packed)', async () => {
  const clock = new ManualClock();
  return {
    stores: {
      sessionStore: new MemorySessionStore(clock),
      tokenCacheStore: new MemoryTokenCacheStore(clock),
      accountRegistry: new MemoryAccountRegistry(clock),
      replayCache: new MemoryReplayCache(clock),
      refreshLease: new MemoryRefreshLease(clock),
      invalidationBus: new MemoryInvalidationBus(),
    },
    advance: async (ms) => clock.advance(ms),
  };
});
