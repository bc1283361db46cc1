import {
  MemoryAccountRegistry,
  MemoryInvalidationBus,
  MemoryRefreshLease,
  MemoryReplayCache,
  MemorySessionStore,
  MemoryTokenCacheStore,
} from '@identity-web/core';
import {
  describeAccountRegistryContract,
  describeInvalidationBusContract,
  describeRefreshLeaseContract,
  describeReplayCacheContract,
  describeSessionStoreContract,
  describeTokenCacheStoreContract,
  ManualClock,
  testEntry,
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
describeAccountRegistryContract(
  'memory',
  fixture((clock) => new MemoryAccountRegistry(clock)),
);
describeRefreshLeaseContract(
  'memory',
  fixture((clock) => new MemoryRefreshLease(clock)),
);
describeInvalidationBusContract(
  'memory',
  fixture(() => new MemoryInvalidationBus()),
);

describe('memory stores are bounded', () => {
  it('evicts the least recently used session', async () => {
    const store = new MemorySessionStore(new ManualClock(), { maxSessions: 2 });
    await store.setSession('a', 'A', 60);
    await store.setSession('b', 'B', 60);
    await store.getSession('a');
    await store.setSession('c', 'C', 60);
    expect(await store.getSession('b')).toBeNull();
    expect(await store.getSession('a')).toBe('A');
  });

  it('evicts the least recently used registry entry and drops it from every index', async () => {
    const registry = new MemoryAccountRegistry(new ManualClock(), { maxEntries: 2 });
    await registry.recordSignIn(testEntry('a', 'alice', 'sa'), 60);
    await registry.recordSignIn(testEntry('b', 'bob', 'sb'), 60);
    await registry.findBySid('https://idp.test', 'sa');
    await registry.recordSignIn(testEntry('c', 'carol', 'sc'), 60);
    expect(await registry.findBySid('https://idp.test', 'sb')).toEqual([]);
    expect(await registry.findBySubject('https://idp.test', 'bob')).toEqual([]);
    expect(await registry.forgetAccount('key-bob')).toEqual([]);
    expect(await registry.findBySid('https://idp.test', 'sa')).toHaveLength(1);
  });

  it('evicts partitions beyond the byte budget', async () => {
    const store = new MemoryTokenCacheStore(new ManualClock(), { maxBytes: 100 });
    await store.setPartition('a', { value: 'x'.repeat(60), version: '1' }, null, 60);
    await store.setPartition('b', { value: 'y'.repeat(60), version: '2' }, null, 60);
    expect(await store.getPartition('a')).toBeNull();
    expect((await store.getPartition('b'))?.value).toHaveLength(60);
  });
});
