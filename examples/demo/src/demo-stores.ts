// Where the demo's apps keep sessions and tokens: their memory, Redis (`redis`) or PostgreSQL
// (`postgres`), on a server given or on one the demo starts for itself; the apps' variables for it.
import { anyFreePort } from './ports.js';
import { startPrivatePostgres } from './private-postgres.js';
import { startPrivateRedis } from './private-redis.js';

/** `startDemo`'s options for stores shared by the apps' instances: at most one of them. */
export interface DemoStoreOptions {
  /**
   * Runs the Koa app as two instances, `koa` and `koa2`, sharing one Redis (their `REDIS_URL`),
   * so a sign-out on one empties the other's cache. The Hono, Express and Fastify apps use the
   * same Redis, each under a namespace of its own (another client id). `url`: that Redis; without
   * it the demo starts a private redis-server on 127.0.0.1 and stops it with everything else.
   * `clusterNodes` instead of `url`: the nodes of a Redis Cluster (`redis://host:port`, the apps'
   * `REDIS_CLUSTER_NODES`; at least one, three or more so one being down does not matter).
   * Default: no Redis.
   */
  readonly redis?: { readonly url?: string; readonly clusterNodes?: readonly string[] };
  /**
   * As `redis`, on one PostgreSQL database (the apps' `DATABASE_URL`): the Koa app as two
   * instances, every app's rows apart from the others' (another client id). `url`: that database
   * (`postgres://…`); without it the demo starts a private PostgreSQL (`initdb` in a temporary
   * directory, `postgres` on a free port of 127.0.0.1) and stops and removes it with everything
   * else. Not with `redis`. Default: no PostgreSQL.
   */
  readonly postgres?: { readonly url?: string };
}

/** The stores the apps share, once started. */
export interface DemoStores {
  /** The apps' variables for them (`REDIS_URL`, `REDIS_CLUSTER_NODES` or `DATABASE_URL`); `undefined`: in memory. */
  readonly env: Readonly<Record<string, string>> | undefined;
  /** The Redis server, with `redis` (but not `redis.clusterNodes`). */
  readonly redisUrl?: string;
  /** The PostgreSQL database, with `postgres`. */
  readonly databaseUrl?: string;
  /** Stops the server the demo started, if it started one. */
  readonly stop?: () => Promise<void>;
}

/** Whether the apps share stores, and the Koa app runs twice. Throws on options that cannot go together. */
export function sharesStores(options: DemoStoreOptions): boolean {
  const { redis, postgres } = options;
  const clusterNodes = redis?.clusterNodes;
  if (clusterNodes !== undefined && (clusterNodes.length === 0 || redis?.url !== undefined)) {
    throw new TypeError('startDemo: "redis.clusterNodes" must list at least one node, and not with "redis.url"');
  }
  if (redis !== undefined && postgres !== undefined) {
    throw new TypeError('startDemo: "redis" and "postgres" do not go together: the apps take one store');
  }
  return redis !== undefined || postgres !== undefined;
}

/** The stores the options ask for: on the server given, or on a private one started now. */
export async function startDemoStores(options: DemoStoreOptions): Promise<DemoStores> {
  const { redis, postgres } = options;
  if (redis?.clusterNodes !== undefined) return { env: { REDIS_CLUSTER_NODES: redis.clusterNodes.join(',') } };
  if (redis !== undefined) {
    const server = redis.url === undefined ? await startPrivateRedis(await anyFreePort()) : undefined;
    const url = server?.url ?? redis.url ?? '';
    return { env: { REDIS_URL: url }, redisUrl: url, ...(server && { stop: server.stop }) };
  }
  if (postgres !== undefined) {
    const server = postgres.url === undefined ? await startPrivatePostgres(await anyFreePort()) : undefined;
    const url = server?.url ?? postgres.url ?? '';
    return { env: { DATABASE_URL: url }, databaseUrl: url, ...(server && { stop: server.stop }) };
  }
  return { env: undefined };
}
