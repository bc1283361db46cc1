import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoreFactory } from '@identity-web/core/testing';
import { createRedisStores, type RedisStores, type RedisStoresOptions } from '../../src/index.js';

/** Where the stores of a test connect, read when the test runs (servers start in `beforeAll`). */
export type Connect = () => Omit<RedisStoresOptions, 'prefix'>;

/**
 * A contract-suite factory: a fresh set of stores per test under a prefix of its own, so tests
 * never see each other's keys (and may run concurrently). Time passes for real: Redis expires keys itself.
 */
export function storeFactory<S>(connect: Connect, pick: (stores: RedisStores) => S): StoreFactory<S> {
  return async () => {
    const stores = createRedisStores({ ...connect(), prefix: `iw-test:${randomUUID()}:` });
    return {
      store: pick(stores),
      advance: (ms) => sleep(ms),
      close: () => stores.close(),
    };
  };
}
