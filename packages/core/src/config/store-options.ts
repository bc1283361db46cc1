// The store ports an app may replace, as `createIdentityWeb`'s `stores` option takes them.
import type {
  AccountRegistry,
  InvalidationBus,
  RefreshLease,
  ReplayCache,
  SessionStore,
  StoreApp,
  TokenCacheStore,
} from '@identity-web/core/store';

/**
 * The `stores` option of `createIdentityWeb`: any store port replaced, the others kept in
 * process memory. A store package's set (`createRedisStores(...)`, `createCloudflareStores(...)`)
 * is one of these.
 *
 * @example
 * ```ts
 * import { createRedisStores } from '@identity-web/redis';
 *
 * createIdentityWeb({ identityProvider, baseUrl, secret, stores: createRedisStores({ url: process.env.REDIS_URL! }) });
 * ```
 *
 * @group Setup
 */
export interface IdentityWebStoreOptions {
  /** Encrypted session records. Default: `MemorySessionStore`. */
  sessionStore?: SessionStore;
  /** Encrypted token-cache partitions with compare-and-set. Default: `MemoryTokenCacheStore`. */
  tokenCacheStore?: TokenCacheStore;
  /** (iss, sub) and (iss, sid) → accounts and sessions, for logout. Default: `MemoryAccountRegistry`. */
  accountRegistry?: AccountRegistry;
  /** Tells every instance to drop its in-process copies. Default: in-process fan-out. */
  invalidationBus?: InvalidationBus;
  /** Logout-token `jti` memory. Default: `MemoryReplayCache`. */
  replayCache?: ReplayCache;
  /** At most one refresh per account across instances. Default: none (one process needs none). */
  refreshLease?: RefreshLease;
  /**
   * Told once, at creation, which app the stores serve (the provider's issuer and the client
   * id). Store sets that several apps may share implement it — `createRedisStores` derives
   * its key namespace from it — so pass such a set whole (`stores`, or `{ ...stores }`),
   * not port by port. Apps do not call it.
   */
  forApp?(app: StoreApp): void;
}
