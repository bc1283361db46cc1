// The options of `createPostgresStores` as apps write them, and the shape they take once resolved.
import type { Clock } from '@identity-web/core/store';

/**
 * The methods of the core's `Logger` the stores call: fields first, as pino takes them.
 *
 * @example
 * ```ts
 * const stores = createPostgresStores({
 *   url: process.env.DATABASE_URL!,
 *   logger: { error: (fields, message) => console.error(message, JSON.stringify(fields)) },
 * });
 * ```
 *
 * @group Setup
 */
export interface ErrorLogger {
  /** A failure the stores met and handled without throwing: a lost connection, a sweep or a listener that failed. */
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * A node-postgres `Pool` (`new pg.Pool(...)`), as far as the stores use it. Written out here so
 * that an app compiles against this package without `@types/pg`.
 *
 * @group Setup
 */
export interface PostgresPool {
  /**
   * Lends one of the pool's connections. The stores call it in node-postgres's callback form, so
   * they listen to a connection's `error` event from the moment it is theirs; a wrapper that
   * ignores the callback and returns a promise of the connection works too, though an `error`
   * read in the same turn as a new connection's readiness then finds no listener.
   */
  connect(callback: (error: Error | undefined, client: unknown, release: (destroy?: boolean) => void) => void): void;
  /** The pool's configuration: the invalidation bus opens its own connection with it. */
  readonly options: unknown;
}

/**
 * Where the stores keep their rows and how long they wait: exactly one of `url` or `pool`.
 *
 * @example
 * ```ts
 * import { createPostgresStores, type PostgresStoresOptions } from '@identity-web/postgres';
 *
 * const options: PostgresStoresOptions = {
 *   url: process.env.DATABASE_URL!, // postgres://user:password@db.internal:5432/shop
 *   schema: 'identity',
 *   tablePrefix: 'shop_',
 *   queryTimeoutMs: 1_000,
 * };
 * const stores = createPostgresStores(options);
 * ```
 *
 * @group Setup
 */
export interface PostgresStoresOptions {
  /**
   * A connection string, `postgres[ql]://[user[:password]@]host[:port]/database[?sslmode=…]`.
   * The stores open their own pool on it (and one more connection for the invalidation bus)
   * and close both in `close()`.
   */
  url?: string;
  /**
   * A node-postgres `Pool` the app created. The app ends it, and handles its `error` events;
   * `close()` leaves it open. The invalidation bus opens one dedicated connection of its own
   * with the pool's connection settings (a `LISTEN` cannot share a pooled connection).
   */
  pool?: PostgresPool;
  /** The schema of the tables; created by the migrations when missing. Default `'public'`. */
  schema?: string;
  /**
   * Put in front of every table name (`<prefix>sessions`, …), so several apps or environments can
   * keep their own tables in one schema. Lower-case letters, digits and `_`, at most 30 characters.
   * Default `'identity_web_'`.
   */
  tablePrefix?: string;
  /**
   * The app's part of every row. Default: derived from the app identity-web tells the stores at
   * creation (8 characters of a SHA-256 of the provider's issuer and the client id), so two apps
   * on the same tables never share a row, a logout or an invalidation message, while every
   * instance of one app shares them. Set it to keep the rows, and the users signed in, across a
   * change of issuer or client id; at most 64 characters.
   */
  namespace?: string;
  /**
   * Whether the stores apply the package's migrations at start, under an advisory lock so that
   * instances starting together apply each migration once. Default `true`. With `false`, apply
   * them yourself (`migrate()` or the SQL of `migrationScripts()`); the stores then only check
   * the schema's version at start, and fail with `store_unavailable` while it is behind.
   */
  migrate?: boolean;
  /**
   * Longest time one store operation may take, waiting for a pooled connection included, before
   * it fails with `store_unavailable` (503). On a pool the stores open it is also each
   * connection's `statement_timeout`, so the server stops work nobody waits for. Default 2000 ms.
   */
  queryTimeoutMs?: number;
  /** Longest time opening one connection may take (the pool's `connectionTimeoutMillis`). Default 2000 ms. */
  connectTimeoutMs?: number;
  /** Most connections of the pool the stores open from `url`. Default 10. */
  maxConnections?: number;
  /**
   * How often expired rows are deleted, by one instance at a time (`pg_try_advisory_lock`).
   * `0`: never (run `stores.sweep()` yourself). Default 60,000 ms.
   */
  sweepIntervalMs?: number;
  /** Most rows one sweep statement deletes, so no sweep holds locks for long. Default 1000. */
  sweepBatchSize?: number;
  /**
   * Longest pause between two attempts to reopen the invalidation bus's connection; attempts
   * start 50 ms apart and back off up to this. Default 1000 ms.
   */
  maxReconnectDelayMs?: number;
  /** Where failures the stores absorb are reported. Default: nowhere. */
  logger?: ErrorLogger;
  /**
   * The clock expiry is measured on, for tests that move time. Default: the database server's
   * clock, so every instance expires rows at the same moment whatever its own clock says.
   */
  clock?: Clock;
}
