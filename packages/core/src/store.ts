// @identity-web/core/store: for authors of storage packages (`@identity-web/redis`, ...): the
// storage ports, `Clock`, the errors a store throws, and the in-memory stores the core uses when
// an app gives none (an app that sizes them itself imports them from here too). The checks a store
// package runs on its options are `@identity-web/core/provider`'s, the one entry of every package
// author's option checks; the contract suites every store must pass are `@identity-web/core/testing`'s.
//
// The entry sits low, just above the in-memory stores: an app's `stores` option names the ports
// from here by the package's name, so the app entry does not repeat them.
//
// In `@identity-web/core` too, for a reason: the errors, which a store throws and an app catches.
// In `@identity-web/core/provider` too: `Clock`, which a store and a provider package both take.

export { ErrorCode, IdentityWebError, type IdentityWebErrorOptions } from './domain/errors.js';
export {
  type AccountRegistry,
  DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
  type RegistryEntry,
} from './ports/account-registry.port.js';
export type { Clock } from './ports/clock.port.js';
export type { Invalidation, InvalidationBus } from './ports/invalidation-bus.port.js';
export type { RefreshLease } from './ports/refresh-lease.port.js';
export type { ReplayCache } from './ports/replay-cache.port.js';
export type { SessionStore } from './ports/session-store.port.js';
export type { StoreApp } from './ports/store-app.port.js';
export type { StoreSet } from './ports/store-set.port.js';
export type { TokenCacheStore, VersionedValue } from './ports/token-cache-store.port.js';
export { invalidationWire } from './stores/invalidation-wire.js';
export { MemoryAccountRegistry, type MemoryAccountRegistryOptions } from './stores/memory-account-registry.js';
export { MemoryInvalidationBus } from './stores/memory-invalidation-bus.js';
export { MemoryRefreshLease } from './stores/memory-refresh-lease.js';
export { MemoryReplayCache } from './stores/memory-replay-cache.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './stores/memory-session-store.js';
export { MemoryTokenCacheStore, type MemoryTokenCacheStoreOptions } from './stores/memory-token-cache-store.js';
export { namespaceForApp } from './stores/namespace-for-app.js';
