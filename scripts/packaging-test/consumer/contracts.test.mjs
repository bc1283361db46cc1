// Runs a store contract suite of the packed @identity-web/core/testing under vitest, as a store
// author would: the testing entry, its vitest and fast-check peers and the core's memory stores.
import { MemorySessionStore, MemoryTokenCacheStore } from '@identity-web/core';
import { describeSessionStoreContract, describeTokenCacheStoreContract, ManualClock } from '@identity-web/core/testing';

function fixture(make) {
  return async () => {
    const clock = new ManualClock();
    return { store: make(clock), advance: async (ms) => clock.advance(ms) };
  };
}

describeSessionStoreContract(
  'memory (packed)',
  fixture((clock) => new MemorySessionStore(clock)),
);
describeTokenCacheStoreContract(
  'memory (packed)',
  fixture((clock) => new MemoryTokenCacheStore(clock)),
);
