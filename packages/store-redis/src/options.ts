import type { RedisClientType, RedisClusterOptions, RedisClusterType } from 'redis';

/** The one method of the core's `Logger` the stores call: fields first, as pino takes them. */
export interface ErrorLogger {
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * A node-redis client or cluster that the app created itself. Any modules, scripts or RESP
 * version will do: the stores only send plain commands through it.
 */
// biome-ignore lint/suspicious/noExplicitAny: node-redis types are generic over modules, scripts and RESP; the stores accept any.
export type ExistingRedis = RedisClientType<any, any, any, any, any> | RedisClusterType<any, any, any, any, any>;

/** Where the stores connect to: exactly one of `url`, `cluster` or `client`. */
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
   * Longest time one store operation may take, connecting included, before it fails with
   * `store_unavailable` (503). Default 2000 ms.
   */
  commandTimeoutMs?: number;
  /** Longest time one attempt to open a TCP (or TLS) connection may take. Default 2000 ms. */
  connectTimeoutMs?: number;
  /**
   * Longest pause between two reconnection attempts after a connection was lost; attempts start
   * 50 ms apart and back off up to this. They never stop while the stores are open. Default 1000 ms.
   */
  maxReconnectDelayMs?: number;
  /** Where connection errors of the connections the stores own are reported. Default: nowhere. */
  logger?: ErrorLogger;
}

/** How to reach a Redis Cluster. */
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
}

/** The options after validation, with every default filled in. */
export interface ResolvedOptions {
  readonly target:
    | { readonly kind: 'url'; readonly url: string }
    | { readonly kind: 'cluster'; readonly cluster: RedisClusterConnectOptions }
    | { readonly kind: 'client'; readonly client: ExistingRedis };
  readonly prefix: string;
  readonly commandTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly maxReconnectDelayMs: number;
  readonly logger: ErrorLogger;
}
