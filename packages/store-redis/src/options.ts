// The options of `createRedisStores` as apps write them, and the shape they take once resolved.
import type { RedisClientType, RedisClusterOptions, RedisClusterType } from 'redis';

/**
 * The methods of the core's `Logger` the stores call: fields first, as pino takes them.
 *
 * @example
 * ```ts
 * const stores = createRedisStores({
 *   url: process.env.REDIS_URL!,
 *   logger: {
 *     error: (fields, message) => console.error(message, JSON.stringify(fields)),
 *     warn: (fields, message) => console.warn(message, JSON.stringify(fields)),
 *   },
 * });
 * ```
 *
 * @group Setup
 */
export interface ErrorLogger {
  /** A failure the stores met and handled without throwing: a connection error, a malformed invalidation message, a listener that threw. */
  error(fields: Record<string, unknown>, message: string): void;
  /** A warning at start (a `maxmemory-policy` that evicts keys); without it, `error` takes it. */
  warn?(fields: Record<string, unknown>, message: string): void;
}

/**
 * A node-redis client or cluster that the app created itself. Any modules, scripts or RESP
 * version will do: the stores only send plain commands through it.
 *
 * @group Setup
 */
// biome-ignore lint/suspicious/noExplicitAny: node-redis types are generic over modules, scripts and RESP; the stores accept any.
export type ExistingRedis = RedisClientType<any, any, any, any, any> | RedisClusterType<any, any, any, any, any>;

/**
 * Where the stores connect to: exactly one of `url`, `cluster` or `client`.
 *
 * @example
 * ```ts
 * import { createRedisStores, type RedisStoresOptions } from '@identity-web/redis';
 *
 * const options: RedisStoresOptions = {
 *   url: process.env.REDIS_URL!, // rediss://user:password@redis.internal:6380
 *   prefix: 'shop:',
 *   commandTimeoutMs: 1_000,
 *   replicaWaitMs: 250,
 * };
 * const stores = createRedisStores(options);
 * ```
 *
 * @group Setup
 */
export interface RedisStoresOptions {
  /**
   * One Redis server: `redis[s]://[[username][:password]@]host[:port][/database]`.
   * The stores own this connection (and one more for the invalidation bus) and close both in `close()`.
   */
  url?: string;
  /** A Redis Cluster, discovered from a few of its nodes. The stores own these connections. */
  cluster?: RedisClusterConnectOptions;
  /**
   * A node-redis client (`createClient`) or cluster (`createCluster`) the app created. The app
   * connects and closes it, and handles its `error` events; `close()` leaves it open. The
   * invalidation bus still opens a dedicated subscriber connection (a `duplicate()` on a
   * single server, the cluster's own sharded pub/sub connections on a cluster), owned by the stores.
   */
  client?: ExistingRedis;
  /**
   * Put in front of every key and of the invalidation channel, so several apps (or environments)
   * can share one Redis. Must not contain `{` or `}`: those would pin every key to one cluster slot.
   * Default `'iw:'`.
   */
  prefix?: string;
  /**
   * The app's part of every key, after `prefix`: `<prefix><namespace>:…`. Default: derived from
   * the app identity-web tells the stores at creation (8 characters of a SHA-256 of the
   * provider's issuer and the client id), so two apps on one Redis never share a key, a logout or
   * an invalidation message, while every instance of one app (same issuer and client id) shares
   * them. Set it to keep the keys, and the users signed in, across a change of issuer or client
   * id; `''` puts no namespace in the keys. Must not contain `{` or `}`; at most 64 characters.
   */
  namespace?: string;
  /**
   * Longest time one store operation may take, connecting included, before it fails with
   * `store_unavailable` (503). Default 2000 ms.
   */
  commandTimeoutMs?: number;
  /**
   * How long a write that a logout depends on waits for one replica to acknowledge it (`WAIT 1`),
   * where the master holding its key has replicas (`ROLE`). Default 500 ms; `0` never waits.
   * Replication is asynchronous: without the wait, a logout's deletions, a used logout-token
   * `jti`, a sign-in's registry entries or the partition a refresh wrote (with the rotated refresh
   * token) can be acknowledged by a master that dies before its replica copied them, and vanish in
   * the failover. With it they are on two nodes before the caller hears of them. A replica that
   * does not answer in time is reported to `logger` and the write counts as done (it is on the
   * master): the wait is bounded, never an outage. While it waits, the connection carries nothing
   * else (`WAIT` blocks it), which is why it is short.
   */
  replicaWaitMs?: number;
  /** Longest time one attempt to open a TCP (or TLS) connection may take. Default 2000 ms. */
  connectTimeoutMs?: number;
  /**
   * Longest pause between two reconnection attempts after a connection was lost; attempts start
   * 50 ms apart and back off up to this. They never stop while the stores are open. Default 1000 ms.
   */
  maxReconnectDelayMs?: number;
  /**
   * Where connection errors of the connections the stores own are reported. Default: nowhere,
   * except the one warning at start about a `maxmemory-policy` that evicts keys, which goes to
   * `console.warn` without a logger (and to `logger.warn`, or else `logger.error`, with one).
   */
  logger?: ErrorLogger;
}

/**
 * How to reach a Redis Cluster.
 *
 * @example
 * ```ts
 * const stores = createRedisStores({
 *   cluster: {
 *     rootNodes: ['redis://10.0.0.1:6379', 'redis://10.0.0.2:6379', 'redis://10.0.0.3:6379'],
 *     nodeOptions: { password: process.env.REDIS_PASSWORD! },
 *     topologyRefreshMs: 500,
 *   },
 * });
 * ```
 *
 * @group Setup
 */
export interface RedisClusterConnectOptions {
  /**
   * URLs of some cluster nodes (`redis://host:port`); the rest are discovered. List at least
   * three, so discovery still works while one is down.
   */
  rootNodes: readonly string[];
  /**
   * node-redis options applied to every node connection (credentials, TLS). The stores set the
   * connect timeout and reconnection themselves from their own options.
   */
  nodeOptions?: RedisClusterOptions['defaults'];
  /**
   * How soon after a node's connection drops the slot map is read again, and again as often
   * while it stays down, so the replica promoted in place of a dead master gets its slots' commands.
   * Default 1000 ms (node-redis alone waits 5 s); `0` refreshes only on a `MOVED` redirection.
   */
  topologyRefreshMs?: number;
}

/** The options after validation, with every default filled in. */
export interface ResolvedOptions {
  readonly target:
    | { readonly kind: 'url'; readonly url: string }
    | { readonly kind: 'cluster'; readonly cluster: RedisClusterConnectOptions }
    | { readonly kind: 'client'; readonly client: ExistingRedis };
  readonly prefix: string;
  /** `undefined`: derived from the app. */
  readonly namespace: string | undefined;
  readonly commandTimeoutMs: number;
  readonly replicaWaitMs: number;
  readonly connectTimeoutMs: number;
  readonly maxReconnectDelayMs: number;
  readonly logger: ErrorLogger;
  /** Where the start-up warning goes: `logger.warn`, `logger.error`, or `console.warn` without a logger. */
  readonly warn: (fields: Record<string, unknown>, message: string) => void;
}
