import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoreSetFactory } from '@identity-web/core/testing';
import { createRedisStores, type RedisStoresOptions } from '../../src/index.js';

/** Where the stores of a test connect, read when the test runs (servers start in `beforeAll`). */
export type Connect = () => Omit<RedisStoresOptions, 'prefix'>;

/**
 * The store set of a contract-suite test: fresh per test, under a prefix of its own, so tests
 * never see each other's keys (and may run concurrently). Time passes for real: Redis expires keys itself.
 */
export function redisStoreSet(connect: Connect): StoreSetFactory {
  return async () => {
    const stores = createRedisStores({ ...connect(), prefix: `iw-test:${randomUUID()}:` });
    return {
      stores,
      advance: (ms) => sleep(ms),
      close: () => stores.close(),
    };
  };
}
