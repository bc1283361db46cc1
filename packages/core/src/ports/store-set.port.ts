// Every storage port as one set: what a store package's factory returns and what
// `createIdentityWeb`'s and `createIdentityWebApi`'s `stores` options take (any part of it).
import type { AccountRegistry } from './account-registry.port.js';
import type { InvalidationBus } from './invalidation-bus.port.js';
import type { RefreshLease } from './refresh-lease.port.js';
import type { ReplayCache } from './replay-cache.port.js';
import type { SessionStore } from './session-store.port.js';
import type { StoreApp } from './store-app.port.js';
import type { TokenCacheStore } from './token-cache-store.port.js';

/**
 * The storage ports as one set: one type for every store package (`createRedisStores(...)`,
 * `createPostgresStores(...)` and `createCloudflareStores(...)` return one, each with what its
 * store adds). `createIdentityWeb({ stores })` takes any part of it (`Partial<StoreSet>`): any
 * store port replaced, the others kept in process memory.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { createRedisStores } from '@identity-web/redis';
 *
 * createIdentityWeb({ identityProvider, baseUrl, secret, stores: createRedisStores({ url: process.env.REDIS_URL! }) });
 * ```
 *
 * @group Store ports
 */
export interface StoreSet {
  /** Encrypted session records. Default: `MemorySessionStore`. */
  readonly sessionStore: SessionStore;
  /** Encrypted token-cache partitions with compare-and-set. Default: `MemoryTokenCacheStore`. */
  readonly tokenCacheStore: TokenCacheStore;
  /** (iss, sub) and (iss, sid) → accounts and sessions, for logout. Default: `MemoryAccountRegistry`. */
  readonly accountRegistry: AccountRegistry;
  /** Tells every instance to drop its in-process copies. Default: in-process fan-out. */
  readonly invalidationBus: InvalidationBus;
  /** Logout-token, DPoP-proof and security-event `jti` memory. Default: `MemoryReplayCache`. */
  readonly replayCache: ReplayCache;
  /** At most one refresh per account across instances. Default: none (one process needs none). */
  readonly refreshLease: RefreshLease;
  /**
   * Told once, at creation, which app the stores serve (the provider's issuer and the client
   * id). Store sets that several apps may share implement it — `createRedisStores` derives
   * its key namespace from it — so pass such a set whole (`stores`, or `{ ...stores }`),
   * not port by port. Apps do not call it.
   */
  forApp?(app: StoreApp): void;
}
