// `createRedisStores`: every storage port on one Redis or Redis Cluster, and a warning on an evicting server.

import type { StoreApp, StoreSet } from '@identity-web/core/store';
import { namespaceForApp } from '@identity-web/core/store';
import { RedisAccountRegistry } from './account-registry.js';
import { type ClusterClient, clusterLink } from './cluster-link.js';
import { RedisInvalidationBus } from './invalidation-bus.js';
import { appNamespace, Keys } from './keys.js';
import { errorReporter, type Link } from './link.js';
import type { RedisStoresOptions, ResolvedOptions } from './options.js';
import { RedisRunner } from './redis-runner.js';
import { RedisRefreshLease } from './refresh-lease.js';
import { RedisReplayCache } from './replay-cache.js';
import { RedisSessionStore } from './session-store.js';
import { type SingleClient, singleLink } from './single-link.js';
import { RedisTokenCacheStore } from './token-cache-store.js';
import { validateOptions } from './validate-options.js';

/**
 * Every storage port of identity-web on one Redis (or Redis Cluster), plus `close()`: sealed
 * session records one string key each, token-cache partitions written by compare-and-set, the
 * accounts and sessions a logout's (iss, sid) or (iss, sub) stands for, the `jti`s already seen
 * (`SET NX EX`), pub/sub between the app's instances (sharded on a cluster), and one refresh per
 * account at a time across instances (`SET NX PX`, released by token).
 *
 * @group Setup
 */
export interface RedisStores extends StoreSet {
  /**
   * Called by `createIdentityWeb` with the app the stores serve: picks the key namespace (unless
   * the `namespace` option gave one). Throws when the stores already serve another app: create
   * one set of stores per app, or give the apps one explicit `namespace` to share keys on purpose.
   */
  forApp(app: StoreApp): void;
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

/** The value of `CONFIG GET maxmemory-policy`, as RESP2 (a flat list) or RESP3 (a map) gives it. */
function policyIn(reply: unknown): string | undefined {
  let value: unknown;
  if (Array.isArray(reply)) value = reply[1];
  else if (reply instanceof Map) value = reply.get('maxmemory-policy');
  else if (typeof reply === 'object' && reply !== null) value = (reply as Record<string, unknown>)['maxmemory-policy'];
  // An app's client may map strings to Buffers.
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return typeof value === 'string' ? value : undefined;
}

/** The `maxmemory_policy` field of an `INFO memory` reply (lines of `name:value`). */
function policyInInfo(reply: unknown): string | undefined {
  const text = reply instanceof Uint8Array ? new TextDecoder().decode(reply) : reply;
  if (typeof text !== 'string') return undefined;
  return /^maxmemory_policy:([^\r\n]+)/m.exec(text)?.[1]?.trim();
}

/**
 * Warns once, at start, when the server may evict keys under memory pressure: every key here has
 * a TTL, so any policy but `noeviction` (the `volatile-*` ones included) can drop a registry entry
 * unseen, and a logout would then find nothing to remove. Where `CONFIG` is refused (managed
 * services and ACL users often deny it), the policy is read from `INFO memory`
 * (`maxmemory_policy:`), which they allow; a server that refuses both, or is away, is not
 * reported here. On a cluster, the node asked is the one that holds the slot of a fixed name;
 * cluster nodes are normally configured alike.
 */
async function warnOnEviction(redis: RedisRunner, warn: ResolvedOptions['warn']): Promise<void> {
  const ask = async (args: string[], read: (reply: unknown) => string | undefined) => {
    try {
      return read(await redis.run('maxmemory-policy', (r) => r.command('maxmemory-policy', ...args)));
    } catch {
      return undefined;
    }
  };
  const policy =
    (await ask(['CONFIG', 'GET', 'maxmemory-policy'], policyIn)) ?? (await ask(['INFO', 'memory'], policyInInfo));
  if (policy === undefined || policy === 'noeviction') return;
  try {
    warn(
      { maxmemoryPolicy: policy },
      `identity-web redis: the server's maxmemory-policy is "${policy}", which can evict keys when memory runs out: a dropped registry entry makes a later logout miss that user's tokens. Set maxmemory-policy noeviction (writes then fail with 503s instead) and give Redis the memory it needs.`,
    );
  } catch {
    // A logger that throws must not become an unhandled rejection of the app.
  }
}

/**
 * Creates every store on Redis. Returns at once: connections open in the background, and an
 * operation issued before they are ready waits for them (within `commandTimeoutMs`).
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { createRedisStores } from '@identity-web/redis';
 *
 * const stores = createRedisStores({ url: process.env.REDIS_URL! });
 * const identity = createIdentityWeb({ identityProvider, baseUrl, secret, stores });
 * process.on('SIGTERM', () => {
 *   identity.close();
 *   void stores.close();
 * });
 * ```
 *
 * @group Setup
 */
export function createRedisStores(options: RedisStoresOptions): RedisStores {
  const settings = validateOptions(options);
  const link = openLink(settings);
  const misses = errorReporter(settings, 'replication');
  const replication = {
    waitMs: settings.replicaWaitMs,
    off: false,
    unacknowledged: () =>
      misses.report(new Error(`no replica acknowledged a write within replicaWaitMs (${settings.replicaWaitMs} ms)`)),
    acknowledged: () => misses.reset(),
    refused(reason: string) {
      replication.off = true;
      misses.report(new Error(`replicaWaitMs is off: the server refused ROLE or WAIT (${reason})`));
    },
  };
  const redis = new RedisRunner(link, settings.commandTimeoutMs, replication);
  const keys = new Keys(settings.prefix, settings.namespace ?? '');
  const bus = new RedisInvalidationBus(redis, link, keys, settings.maxReconnectDelayMs, settings.logger);
  void warnOnEviction(redis, settings.warn);
  let closing: Promise<void> | undefined;
  return {
    forApp: namespaceForApp({
      namespace: settings.namespace,
      namespaceOf: appNamespace,
      use: (namespace) => keys.useNamespace(namespace),
      what: 'keys',
    }),
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
