// The migrations as SQL a team can read and apply itself, and `migrate`, which applies them
// under an advisory lock so that instances starting together apply each one once.
import { checkOptionsObject, type ShapeOf } from '@identity-web/core/provider';
import pg from 'pg';
import { applyMigrations, preamble } from './apply-migrations.js';
import { MIGRATIONS } from './migrations/index.js';
import type { PostgresPool } from './options.js';
import { Tables } from './tables.js';
import { validateOptions } from './validate-options.js';

/**
 * Where the tables are: the options of `createPostgresStores` that name them.
 *
 * @group Setup
 */
export interface MigrationTarget {
  /** The schema of the tables. Default `'public'`. */
  schema?: string;
  /** Put in front of every table name. Default `'identity_web_'`. */
  tablePrefix?: string;
}

/**
 * How `migrate` reaches the database: exactly one of `url` or `pool`, and where the tables are.
 *
 * @group Setup
 */
export interface MigrateOptions extends MigrationTarget {
  /** A connection string; `migrate` opens one connection on it and closes it. */
  url?: string;
  /** A node-postgres `Pool` the app created; `migrate` borrows one connection. */
  pool?: PostgresPool;
}

/**
 * One migration as a team that applies migrations itself runs it.
 *
 * @group Setup
 */
export interface MigrationScript {
  /** The schema version it brings the tables to: 1, 2, … */
  readonly version: number;
  /** A file name for it: `identity_web_001_tables.sql`. */
  readonly name: string;
  /** The SQL, schema and table prefix filled in; it records its version in the migrations table. */
  readonly sql: string;
}

/** The keys `migrate` and `migrationScripts` take: a store option there is a mistake. */
const TARGET_SHAPE: ShapeOf<MigrationTarget> = { schema: true, tablePrefix: true };
const MIGRATE_SHAPE: ShapeOf<MigrateOptions> = { ...TARGET_SHAPE, url: true, pool: true };

function tablesOf(target: MigrationTarget): Tables {
  checkOptionsObject(target, TARGET_SHAPE, 'migrationScripts');
  const settings = validateOptions({ url: 'postgres://check', ...target }, 'migrationScripts');
  return new Tables(settings.schema, settings.tablePrefix);
}

/**
 * Every migration's SQL for a schema and table prefix, oldest first: what a team that applies
 * migrations itself (Flyway, Liquibase, psql in a pipeline) runs, each in one transaction, before
 * it starts apps with `migrate: false`. Each script records its version, which the stores check.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { migrationScripts } from '@identity-web/postgres';
 *
 * for (const script of migrationScripts({ schema: 'identity' })) writeFileSync(`migrations/${script.name}`, script.sql);
 * ```
 *
 * @group Setup
 */
export function migrationScripts(target: MigrationTarget = {}): MigrationScript[] {
  const t = tablesOf(target);
  return MIGRATIONS.map((m) => ({
    version: m.version,
    name: `${t.prefix || 'identity_web_'}${String(m.version).padStart(3, '0')}_${m.name}.sql`,
    sql: `${preamble(t)}${m.sql(t)}
INSERT INTO ${t.migrations} (version, name) VALUES (${m.version}, '${m.name}');
`,
  }));
}

/**
 * Applies the package's migrations that the database lacks, under an advisory lock (so that
 * instances or deploy jobs running it together apply each migration once), and returns their
 * versions (`[]`: it was up to date). For teams that start their apps with `migrate: false`
 * and migrate in a deploy step.
 *
 * @example
 * ```ts
 * import { migrate } from '@identity-web/postgres';
 *
 * const applied = await migrate({ url: process.env.DATABASE_URL!, schema: 'identity' });
 * console.log(applied.length === 0 ? 'up to date' : `applied ${applied.join(', ')}`);
 * ```
 *
 * @group Setup
 */
export async function migrate(options: MigrateOptions): Promise<number[]> {
  const { url, pool, ...target } = options;
  checkOptionsObject(options, MIGRATE_SHAPE, 'migrate');
  const settings = validateOptions(
    { ...(url !== undefined && { url }), ...(pool !== undefined && { pool }), ...target },
    'migrate',
  );
  const t = new Tables(settings.schema, settings.tablePrefix);
  if (settings.target.kind === 'pool') return applyMigrations(settings.target.pool, t);
  const own = new pg.Pool({ connectionString: settings.target.url, max: 1 });
  own.on('error', () => {});
  try {
    return await applyMigrations(own, t);
  } finally {
    await own.end();
  }
}
