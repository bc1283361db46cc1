// Runs every store contract against one kind of store set: the one entry a storage package calls.
import type { StoreSet } from '@identity-web/core/store';
import { describe, it } from 'vitest';
import { describeAccountRegistryContract } from './account-registry.contract.js';
import type { StoreFactory } from './fixture.js';
import { describeInvalidationBusContract } from './invalidation-bus.contract.js';
import { describeRefreshLeaseContract } from './refresh-lease.contract.js';
import { describeReplayCacheContract } from './replay-cache.contract.js';
import { describeSessionStoreContract } from './session-store.contract.js';
import { describeTokenCacheStoreContract } from './token-cache-store.contract.js';

/** A storage port of a store set: each has its contract. */
type Port = Exclude<keyof StoreSet, 'forApp'>;

/**
 * What the suite gets per test: a fresh set of stores and a way to let time pass.
 *
 * @group Test suites
 */
export interface StoreSetFixture {
  /** The stores under test, fresh for this test; the store of an omitted contract may be left out. */
  readonly stores: Partial<StoreSet>;
  /** Moves time forward (a manual clock, or a real wait for stores with server-side TTLs). */
  advance(ms: number): Promise<void>;
  /** Releases the stores (connections, servers). */
  close?(): Promise<void>;
}

/**
 * Builds a fresh store set per test.
 *
 * @group Test suites
 */
export type StoreSetFactory = () => Promise<StoreSetFixture>;

/**
 * Options of {@link describeStoreSetContract}.
 *
 * @group Test suites
 */
export interface StoreSetContractOptions {
  /**
   * Contracts this kind of store cannot run, each with the reason why. Each shows as a skipped
   * test titled with its reason, so a gap in the set is always in the test report.
   * @example { omit: { invalidationBus: 'a Worker isolate cannot be sent a message' } }
   */
  readonly omit?: Readonly<Partial<Record<Exclude<keyof StoreSet, 'forApp'>, string>>>;
}

type Contracts = { readonly [P in Port]: (name: string, factory: StoreFactory<StoreSet[P]>) => void };

// Every port has its contract: a port added to StoreSet without one does not compile.
const CONTRACTS: Contracts = {
  sessionStore: describeSessionStoreContract,
  tokenCacheStore: describeTokenCacheStoreContract,
  accountRegistry: describeAccountRegistryContract,
  replayCache: describeReplayCacheContract,
  refreshLease: describeRefreshLeaseContract,
  invalidationBus: describeInvalidationBusContract,
};

const PORTS = Object.keys(CONTRACTS) as Port[];

/**
 * Every store contract of the core, against one kind of store set: what each storage package
 * (and the core's memory stores) must pass. `makeStores` gives each test a fresh set.
 *
 * @example
 * describeStoreSetContract('redis', async () => {
 *   const stores = createRedisStores({ url, prefix: `test:${crypto.randomUUID()}:` });
 *   return { stores, advance: (ms) => sleep(ms), close: () => stores.close() };
 * });
 *
 * @group Test suites
 */
export function describeStoreSetContract(
  name: string,
  makeStores: StoreSetFactory,
  options: StoreSetContractOptions = {},
): void {
  const omit: Readonly<Record<string, unknown>> = options.omit ?? {};
  for (const [port, reason] of Object.entries(omit)) {
    if (!PORTS.includes(port as Port)) {
      throw new TypeError(`omit.${port}: there is no such store contract (${PORTS.join(', ')})`);
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new TypeError(`omit.${port}: say why the contract cannot run, as a non-empty string`);
    }
  }
  for (const port of PORTS) {
    const reason = omit[port];
    if (typeof reason === 'string') {
      const title = `${port[0]!.toUpperCase()}${port.slice(1)}`;
      describe(`${title} contract: ${name}`, () => it.skip(`omitted: ${reason}`, () => {}));
    } else {
      (CONTRACTS[port] as (name: string, factory: StoreFactory<unknown>) => void)(
        name,
        storeOf(port, makeStores, name),
      );
    }
  }
}

/** The fixture of one port, taken from a fresh set. */
function storeOf(port: Port, makeStores: StoreSetFactory, name: string): StoreFactory<unknown> {
  return async () => {
    const fixture = await makeStores();
    const store = fixture.stores[port];
    if (store === undefined) {
      await fixture.close?.();
      throw new TypeError(`${name}: the store set has no ${port}; give one, or omit its contract saying why`);
    }
    return {
      store,
      advance: (ms) => fixture.advance(ms),
      ...(fixture.close !== undefined && { close: () => fixture.close!() }),
    };
  };
}
