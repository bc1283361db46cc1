export { describeAccountRegistryContract, testEntry } from './account-registry.contract.js';
export type { StoreFactory, StoreFixture } from './fixture.js';
export { describeInvalidationBusContract } from './invalidation-bus.contract.js';
export { describeRefreshLeaseContract } from './refresh-lease.contract.js';
export { describeReplayCacheContract } from './replay-cache.contract.js';
export { describeSessionStoreContract } from './session-store.contract.js';
export { describeTokenCacheStoreContract } from './token-cache-store.contract.js';
