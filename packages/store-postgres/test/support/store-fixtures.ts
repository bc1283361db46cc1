import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoreSetFactory } from '@identity-web/core/testing';
import { createPostgresStores, type PostgresStoresOptions } from '../../src/index.js';

/** Where the stores of a test connect, read when the test runs (servers start in `beforeAll`). */
export type Connect = () => Omit<PostgresStoresOptions, 'namespace' | 'clock'>;

/** A clock the test moves. */
export function manualClock(start = Date.now()) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/**
 * The store set of a contract-suite test: fresh per test, under a namespace of its own on shared
 * tables, so tests never see each other's rows (and may run concurrently). With `clock: 'manual'`
 * time moves at once (plus a short real wait, for notifications in flight); with `'database'`
 * the stores read the server's clock and time passes for real.
 */
export function postgresStoreSet(connect: Connect, clock: 'manual' | 'database'): StoreSetFactory {
  return async () => {
    const manual = manualClock();
    const stores = createPostgresStores({
      ...connect(),
      namespace: `test-${randomUUID()}`,
      sweepIntervalMs: 0,
      ...(clock === 'manual' && { clock: manual }),
    });
    return {
      stores,
      advance: async (ms) => {
        if (clock === 'database') return sleep(ms);
        manual.advance(ms);
        await sleep(Math.min(ms, 20));
      },
      close: () => stores.close(),
    };
  };
}
