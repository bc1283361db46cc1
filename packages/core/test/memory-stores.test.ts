import {
  MemoryInvalidationBus,
  MemoryReplayCache,
  MemorySessionStore,
  MemoryTokenCacheStore,
} from '@identity-web/core';
import {
  describeInvalidationBusContract,
  describeReplayCacheContract,
  describeSessionStoreContract,
  describeTokenCacheStoreContract,
  ManualClock,
  testSession,
} from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';

function fixture<S>(make: (clock: ManualClock) => S) {
  return async () => {
    const clock = new ManualClock();
    return { store: make(clock), advance: async (ms: number) => clock.advance(ms) };
  };
}

describeSessionStoreContract(
  'memory',
  fixture((clock) => new MemorySessionStore(clock)),
);
describeTokenCacheStoreContract(
  'memory',
  fixture((clock) => new MemoryTokenCacheStore(clock)),
);
describeReplayCacheContract(
  'memory',
  fixture((clock) => new MemoryReplayCache(clock)),
);
describeInvalidationBusContract(
  'memory',
  fixture(() => new MemoryInvalidationBus()),
);

describe('memory stores are bounded', () => {
  it('evicts the least recently used session and drops it from every index', async () => {
    const store = new MemorySessionStore(new ManualClock(), { maxSessions: 2 });
    await store.setSession(testSession('a', 'alice', 'sa'), 60);
    await store.setSession(testSession('b', 'bob', 'sb'), 60);
    await store.getSession('a');
    await store.setSession(testSession('c', 'carol', 'sc'), 60);
    expect(await store.getSession('b')).toBeNull();
    expect(await store.findSessionIdsBySid('https://idp.test', 'sb')).toEqual([]);
    expect(await store.getSession('a')).not.toBeNull();
  });

  it('evicts partitions beyond the byte budget', async () => {
    const store = new MemoryTokenCacheStore(new ManualClock(), { maxBytes: 100 });
    await store.setPartition('a', 'x'.repeat(60), null, 60);
    await store.setPartition('b', 'y'.repeat(60), null, 60);
    expect(await store.getPartition('a')).toBeNull();
    expect((await store.getPartition('b'))?.value).toHaveLength(60);
  });
});
