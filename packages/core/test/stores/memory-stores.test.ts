import {
  MemoryAccountRegistry,
  MemoryInvalidationBus,
  MemoryRefreshLease,
  MemoryReplayCache,
  MemorySessionStore,
  MemoryTokenCacheStore,
} from '@identity-web/core/store';
import {
  describeApiStoreScenarios,
  describeStoreSetContract,
  ManualClock,
  testEntry,
} from '@identity-web/core/testing';
import { describe, expect, it } from 'vitest';

describeStoreSetContract('memory', async () => {
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

describeApiStoreScenarios('memory', async () => {
  const clock = { now: () => Date.now() };
  return {
    stores: {
      tokenCacheStore: new MemoryTokenCacheStore(clock),
      accountRegistry: new MemoryAccountRegistry(clock),
      replayCache: new MemoryReplayCache(clock),
    },
    advance: async () => {},
  };
});

describe('describeStoreSetContract', () => {
  it('refuses an omitted contract without a reason, or one that does not exist', () => {
    const makeStores = async () => ({ stores: {}, advance: async () => {} });
    expect(() => describeStoreSetContract('none', makeStores, { omit: { invalidationBus: ' ' } })).toThrow(/say why/);
    expect(() => describeStoreSetContract('none', makeStores, { omit: { eventBus: 'gone' } as never })).toThrow(
      'omit.eventBus: there is no such store contract',
    );
  });
});

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

describe('the memory stores refuse a bound that is not a positive integer', () => {
  const clock = new ManualClock();
  const stores = [
    [
      'MemoryTokenCacheStore maxEntries',
      'maxEntries',
      (n: number) => new MemoryTokenCacheStore(clock, { maxEntries: n }),
    ],
    ['MemoryTokenCacheStore maxBytes', 'maxBytes', (n: number) => new MemoryTokenCacheStore(clock, { maxBytes: n })],
    ['MemorySessionStore maxSessions', 'maxSessions', (n: number) => new MemorySessionStore(clock, { maxSessions: n })],
    ['MemoryReplayCache maxEntries', 'maxEntries', (n: number) => new MemoryReplayCache(clock, { maxEntries: n })],
    [
      'MemoryAccountRegistry maxEntries',
      'maxEntries',
      (n: number) => new MemoryAccountRegistry(clock, { maxEntries: n }),
    ],
  ] as const;
  it.each(
    stores.flatMap(([name, option, make]) =>
      [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY].map((n) => [name, n, option, make] as const),
    ),
  )('%s: %s', (_name, bound, option, make) => {
    expect(() => make(bound)).toThrow(expect.objectContaining({ code: 'invalid_option', option }));
  });

  it('a store of one entry keeps the newest (the smallest bound works)', async () => {
    const store = new MemoryTokenCacheStore(clock, { maxEntries: 1 });
    await store.setPartition('a', { value: 'x', version: '1' }, null, 60);
    await store.setPartition('b', { value: 'y', version: '1' }, null, 60);
    expect(await store.getPartition('a')).toBeNull();
    expect((await store.getPartition('b'))?.value).toBe('y');
  });
});
