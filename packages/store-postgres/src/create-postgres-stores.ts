// `createPostgresStores`: every storage port on one PostgreSQL database, its migrations and its sweeper.

import type { StoreApp, StoreSet } from '@identity-web/core/store';
import { namespaceForApp } from '@identity-web/core/store';
import pg from 'pg';
import { PostgresAccountRegistry } from './account-registry.js';
import { applyMigrations, checkVersion } from './apply-migrations.js';
import { Database } from './database.js';
import { PostgresInvalidationBus } from './invalidation-bus.js';
import type { PostgresStoresOptions } from './options.js';
import { PostgresRefreshLease } from './refresh-lease.js';
import { PostgresReplayCache } from './replay-cache.js';
import type { ResolvedOptions } from './resolved-options.js';
import { PostgresSessionStore } from './session-store.js';
import { startSweeper } from './sweep-timer.js';
import { appNamespace, Scope, Tables } from './tables.js';
import { PostgresTokenCacheStore } from './token-cache-store.js';
import { validateOptions } from './validate-options.js';

/**
 * Every storage port of identity-web on one PostgreSQL database, plus `sweep()` and `close()`:
 * sealed session records one row each, token-cache partitions written by compare-and-set, the
 * accounts and sessions a logout's (iss, sid), (iss, sub) or (iss, email) stands for, the `jti`s
 * already seen, `LISTEN`/`NOTIFY` between the app's instances (with what a dropped connection
 * missed read back), and one refresh per account at a time across instances.
 *
 * @group Setup
 */
export interface PostgresStores extends StoreSet {
  /**
   * Called by `createIdentityWeb` with the app the stores serve: picks the rows' namespace
   * (unless the `namespace` option gave one). Throws when the stores already serve another app.
   */
  forApp(app: StoreApp): void;
  /**
   * Deletes expired rows now, in batches, unless another instance is sweeping; resolves to the
   * rows deleted (`null`: another instance was sweeping). What the timer of `sweepIntervalMs`
   * runs; call it yourself with `sweepIntervalMs: 0`.
   */
  sweep(): Promise<number | null>;
  /** Stops the sweeper and closes the connections the stores opened (an app's own `pool` stays open). */
  close(): Promise<void>;
}

function openPool(settings: ResolvedOptions): { pool: pg.Pool; client: pg.ClientConfig; owned: boolean } {
  const { target } = settings;
  if (target.kind === 'pool') return { pool: target.pool, client: { ...target.pool.options }, owned: false };
  const client: pg.ClientConfig = { connectionString: target.url, connectionTimeoutMillis: settings.connectTimeoutMs };
  const pool = new pg.Pool({
    ...client,
    max: settings.maxConnections,
    // The server stops a statement nobody waits for any more.
    statement_timeout: settings.queryTimeoutMs,
    keepAlive: true,
    // Idle connections keep no process alive that has nothing else to do.
    allowExitOnIdle: true,
  });
  // An idle connection that breaks (a restart, a failover) is dropped by the pool; without a
  // listener its error would end the process.
  pool.on('error', (error) =>
    settings.logger.error({ error: String(error) }, 'identity-web postgres: a pooled connection failed'),
  );
  return { pool, client, owned: true };
}

/**
 * Runs `step` once at a time until it succeeds; a failure lets the next caller try again, and so
 * does `again()` (the tables vanished: a database restored or recreated under the app).
 */
function onceSucceeded(step: () => Promise<unknown>): { (): Promise<void>; again(): void } {
  let done: Promise<void> | undefined;
  const run = () => {
    done ??= step().then(
      () => {},
      (error: unknown) => {
        done = undefined;
        throw error;
      },
    );
    return done;
  };
  return Object.assign(run, {
    again: () => {
      done = undefined;
    },
  });
}

/**
 * Creates every store on PostgreSQL. Returns at once: the migrations (or, with `migrate: false`,
 * the check of the schema's version) run on first use, and an operation issued before they are
 * done waits for them within `queryTimeoutMs`.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { createPostgresStores } from '@identity-web/postgres';
 *
 * const stores = createPostgresStores({ url: process.env.DATABASE_URL! });
 * const identity = createIdentityWeb({ identityProvider, baseUrl, secret, stores });
 * process.on('SIGTERM', () => {
 *   identity.close();
 *   void stores.close();
 * });
 * ```
 *
 * @group Setup
 */
export function createPostgresStores(options: PostgresStoresOptions): PostgresStores {
  const settings = validateOptions(options);
  const { pool, client, owned } = openPool(settings);
  const t = new Tables(settings.schema, settings.tablePrefix);
  const scope = new Scope(settings.namespace ?? '');
  const ready = onceSucceeded(() => (settings.migrate ? applyMigrations(pool, t) : checkVersion(pool, t)));
  const db = new Database(pool, settings.queryTimeoutMs, ready, settings.clock, ready.again);
  const bus = new PostgresInvalidationBus(db, t, scope, {
    client,
    timeoutMs: settings.connectTimeoutMs,
    maxReconnectDelayMs: settings.maxReconnectDelayMs,
    logger: settings.logger,
  });
  const sweeper = startSweeper(pool, t, ready, settings);
  void ready().catch(() => {});
  let closing: Promise<void> | undefined;
  return {
    forApp: namespaceForApp({
      namespace: settings.namespace,
      namespaceOf: appNamespace,
      use: (namespace) => scope.use(namespace),
      what: 'rows',
    }),
    sessionStore: new PostgresSessionStore(db, t, scope),
    tokenCacheStore: new PostgresTokenCacheStore(db, t, scope),
    accountRegistry: new PostgresAccountRegistry(db, t, scope),
    replayCache: new PostgresReplayCache(db, t, scope),
    invalidationBus: bus,
    refreshLease: new PostgresRefreshLease(db, t, scope, settings.queryTimeoutMs),
    sweep: () => sweeper.now(),
    close() {
      closing ??= (async () => {
        db.close();
        await Promise.all([sweeper.stop(), bus.close()]);
        if (owned) await pool.end();
      })();
      return closing;
    },
  };
}
