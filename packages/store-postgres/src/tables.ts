// Every table the stores use, in one place, and the app namespace that keeps two apps' rows apart.
import { createHash } from 'node:crypto';
import type { StoreApp } from '@identity-web/core/store';

/** SHA-256, base64url, of parts that no separator can be forged between. */
export function digest(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}

/**
 * The namespace of an app: 8 characters of a digest of (issuer, client id). Two apps behind one
 * provider see the same `sub` (and the same `sid` in a logout), so without it they would share
 * partitions, registry entries and logouts in one database.
 */
export function appNamespace(app: StoreApp): string {
  return digest(['app', app.issuer, app.clientId]).slice(0, 8);
}

/** A signed 64-bit advisory-lock key for a purpose, the same on every instance that shares the tables. */
export function lockKey(...parts: string[]): string {
  return createHash('sha256')
    .update(JSON.stringify(['identity-web', ...parts]))
    .digest()
    .readBigInt64BE(0)
    .toString();
}

/**
 * The qualified names of the tables (`"schema"."<prefix>sessions"`, …): the README's schema
 * section mirrors this. Schema and prefix are plain lower-case identifiers (checked at creation),
 * quoted all the same.
 */
export class Tables {
  readonly sessions: string;
  readonly partitions: string;
  readonly registry: string;
  readonly replay: string;
  readonly leases: string;
  readonly invalidations: string;
  readonly migrations: string;
  /** The tables whose rows carry `expires_at`, which the sweeper empties of expired ones. */
  readonly expiring: readonly string[];
  /** The `NOTIFY` channel of the invalidation bus: one per schema and prefix (at most 63 bytes). */
  readonly channel: string;
  /**
   * Taken while migrations run: one per schema, whatever the prefix, since `CREATE SCHEMA IF NOT
   * EXISTS` run by two sessions at once fails in one of them (a unique violation of
   * `pg_namespace`), so apps of two prefixes creating one new schema take turns.
   */
  readonly migrationLock: string;
  /** Taken by the one instance that sweeps these tables. */
  readonly sweepLock: string;

  constructor(
    readonly schema: string,
    readonly prefix: string,
  ) {
    const name = (table: string) => `"${schema}"."${prefix}${table}"`;
    this.sessions = name('sessions');
    this.partitions = name('token_cache');
    this.registry = name('registry');
    this.replay = name('replay');
    this.leases = name('refresh_leases');
    this.invalidations = name('invalidations');
    this.migrations = name('migrations');
    this.expiring = [this.sessions, this.partitions, this.registry, this.replay, this.leases];
    this.channel = `identity_web_${digest(['bus', schema, prefix])
      .slice(0, 12)
      .replace(/[^A-Za-z0-9]/g, '_')}`;
    this.migrationLock = lockKey('migrate', schema);
    this.sweepLock = lockKey('sweep', schema, prefix);
  }
}

/**
 * The app's namespace, the `app` column of every row. It may change only before the first
 * operation: afterwards rows written and a bus subscribed would be left behind.
 */
export class Scope {
  private used = false;

  constructor(private current: string) {}

  use(namespace: string): void {
    if (namespace === this.current) return;
    if (this.used) throw new Error('the stores were used before they were told their app');
    this.current = namespace;
  }

  get app(): string {
    this.used = true;
    return this.current;
  }
}
