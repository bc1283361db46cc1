import {
  describeAccountRegistryContract,
  describeInvalidationBusContract,
  describeRefreshLeaseContract,
  describeReplayCacheContract,
  describeSessionStoreContract,
  describeTokenCacheStoreContract,
} from '@identity-web/core/testing';
import { type Connect, storeFactory } from '../support/store-fixtures.js';

/** The core's contract suites, unchanged, against the stores connected by `connect`. */
export function describeContracts(name: string, connect: Connect): void {
  describeSessionStoreContract(
    name,
    storeFactory(connect, (s) => s.sessionStore),
  );
  describeTokenCacheStoreContract(
    name,
    storeFactory(connect, (s) => s.tokenCacheStore),
  );
  describeAccountRegistryContract(
    name,
    storeFactory(connect, (s) => s.accountRegistry),
  );
  describeReplayCacheContract(
    name,
    storeFactory(connect, (s) => s.replayCache),
  );
  describeInvalidationBusContract(
    name,
    storeFactory(connect, (s) => s.invalidationBus),
  );
  describeRefreshLeaseContract(
    name,
    storeFactory(connect, (s) => s.refreshLease),
  );
}
