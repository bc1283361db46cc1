// @identity-web/core/store: for authors of storage packages (`@identity-web/redis`, ...): the
// storage ports, the records they hold, and the errors a store throws. The contract suites
// every store must pass are in `@identity-web/core/testing`.

export type { Account } from './domain/account.js';
export { ErrorCode, IdentityWebError, invalidOption } from './domain/errors.js';
export type { RemovalReason } from './domain/events.js';
export type { Session, Transaction } from './domain/session.js';
export { type Clock, systemClock } from './ports/clock.port.js';
export type { Invalidation, InvalidationBus } from './ports/invalidation-bus.port.js';
export type { ReplayCache } from './ports/replay-cache.port.js';
export type { SessionStore } from './ports/session-store.port.js';
export type { TokenCacheStore, VersionedValue } from './ports/token-cache-store.port.js';
