import type {
  AccountRegistry,
  InvalidationBus,
  RefreshLease,
  ReplayCache,
  SessionStore,
  TokenCacheStore,
} from '@identity-web/core/store';
import { RedisAccountRegistry } from './account-registry.js';
import { type ClusterClient, clusterLink } from './cluster-link.js';
import { RedisInvalidationBus } from './invalidation-bus.js';
import { Keys } from './keys.js';
import type { Link } from './link.js';
import type { RedisStoresOptions, ResolvedOptions } from './options.js';
import { RedisRunner } from './redis-runner.js';
import { RedisRefreshLease } from './refresh-lease.js';
import { RedisReplayCache } from './replay-cache.js';
import { RedisSessionStore } from './session-store.js';
import { type SingleClient, singleLink } from './single-link.js';
import { RedisTokenCacheStore } from './token-cache-store.js';
import { validateOptions } from './validate-options.js';

/** Every storage port of identity-web on one Redis (or Redis Cluster), plus `close()`. */
export interface RedisStores {
  /** Sealed session records, one string key each. */
  readonly sessionStore: SessionStore;
  /** Token-cache partitions, written by compare-and-set. */
  readonly tokenCacheStore: TokenCacheStore;
  /** Which accounts and sessions an (iss, sid) or (iss, sub) of a logout stands for. */
  readonly accountRegistry: AccountRegistry;
  /** Logout-token ids already seen (`SET NX EX`). */
  readonly replayCache: ReplayCache;
  /** Pub/sub between the instances of the app (sharded on a cluster). */
  readonly invalidationBus: InvalidationBus;
  /** One refresh per account at a time across instances (`SET NX PX`, released by token). */
  readonly refreshLease: RefreshLease;
  /** Closes the connections the stores opened (an app's own `client` stays open). Later operations fail with `store_unavailable`. */
  close(): Promise<void>;
}

function openLink(options: ResolvedOptions): Link {
  const { target } = options;
  if (target.kind === 'url') return singleLink({ url: target.url }, options);
  if (target.kind === 'cluster') return clusterLink({ cluster: target.cluster }, options);
  // A cluster is told apart by its list of masters; both kinds come from the same library.
  return 'masters' in target.client
    ? clusterLink({ client: target.client as unknown as ClusterClient }, options)
    : singleLink({ client: target.client as unknown as SingleClient }, options);
}

/**
 * Creates every store on Redis. Returns at once: connections open in the background, and an
 * operation issued before they are ready waits for them (within `commandTimeoutMs`).
 *
 * @example
 * const stores = createRedisStores({ url: process.env.REDIS_URL });
 * const identityWeb = createIdentityWeb({ ...options, stores });
 * process.on('SIGTERM', () => stores.close());
 */
export function createRedisStores(options: RedisStoresOptions): RedisStores {
  const settings = validateOptions(options);
  const link = openLink(settings);
  const redis = new RedisRunner(link, settings.commandTimeoutMs);
  const keys = new Keys(settings.prefix);
  const bus = new RedisInvalidationBus(redis, link, keys.channel, settings.maxReconnectDelayMs, settings.logger);
  let closing: Promise<void> | undefined;
  return {
    sessionStore: new RedisSessionStore(redis, keys),
    tokenCacheStore: new RedisTokenCacheStore(redis, keys),
    accountRegistry: new RedisAccountRegistry(redis, keys),
    replayCache: new RedisReplayCache(redis, keys),
    invalidationBus: bus,
    refreshLease: new RedisRefreshLease(redis, keys, settings.commandTimeoutMs),
    close() {
      closing ??= (async () => {
        redis.close();
        await bus.close(settings.commandTimeoutMs);
        await link.close();
      })();
      return closing;
    },
  };
}
