// @identity-web/core/store: for authors of storage packages (`@identity-web/redis`, ...): the
// storage ports, the errors a store throws and the checks of its options. The contract suites
// every store must pass are in `@identity-web/core/testing`.

export { ErrorCode, IdentityWebError, type IdentityWebErrorOptions, invalidOption } from './domain/errors.js';
// The option checks, every one: what a package's factory runs on its options.
export {
  checkOptionsObject,
  httpsUrl,
  type NumberRange,
  oneOf,
  optionalBoolean,
  optionalFunction,
  optionalNumber,
  optionalObject,
  optionalObjectWith,
  optionalString,
  optionalStringList,
  requiredString,
} from './domain/option-checks.js';
export {
  EachValue,
  type OptionRule,
  type OptionShape,
  type RuleOf,
  refuseUnknownOptions,
  type ShapeOf,
  type UnknownOptionError,
  WithMethods,
} from './domain/option-keys.js';
export {
  type AccountRegistry,
  DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
  type RegistryEntry,
} from './ports/account-registry.port.js';
export { type Clock, optionalClock, systemClock } from './ports/clock.port.js';
export type { Invalidation, InvalidationBus } from './ports/invalidation-bus.port.js';
export type { RefreshLease } from './ports/refresh-lease.port.js';
export type { ReplayCache } from './ports/replay-cache.port.js';
export type { SessionStore } from './ports/session-store.port.js';
export type { StoreApp } from './ports/store-app.port.js';
export type { TokenCacheStore, VersionedValue } from './ports/token-cache-store.port.js';
