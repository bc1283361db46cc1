// Applying the migrations under the tables' advisory lock, and the check of the tables' version
// that stores started with `migrate: false` run instead.
import type pg from 'pg';
import { checkOut } from './checkout.js';
import { LATEST, MIGRATIONS } from './migrations/index.js';
import type { Tables } from './tables.js';

/** Longest time migrations may take, waiting for another instance's included. */
const MIGRATION_TIMEOUT_MS = 60_000;

/** The bookkeeping every script begins with: the schema and the table of applied versions. */
export function preamble(t: Tables): string {
  return `CREATE SCHEMA IF NOT EXISTS "${t.schema}";
CREATE TABLE IF NOT EXISTS ${t.migrations} (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
`;
}

/** Applies the migrations not applied yet, in one transaction under the tables' advisory lock; returns their versions. */
export async function applyMigrations(pool: pg.Pool, t: Tables): Promise<number[]> {
  const held = await checkOut(pool);
  const { client } = held;
  const query = (text: string, values?: unknown[]) =>
    client.query({ text, values, query_timeout: MIGRATION_TIMEOUT_MS } as pg.QueryConfig);
  try {
    await query('BEGIN');
    // Not the stores' per-statement limit: waiting for another instance's migrations, or a
    // migration's DDL, may take longer than a request may.
    await query(`SET LOCAL statement_timeout = ${MIGRATION_TIMEOUT_MS}`);
    await query('SELECT pg_advisory_xact_lock($1::bigint)', [t.migrationLock]);
    await query(preamble(t));
    const { rows } = await query(`SELECT version FROM ${t.migrations}`);
    const done = new Set(rows.map((row: { version: number }) => row.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await query(m.sql(t));
      await query(`INSERT INTO ${t.migrations} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
      applied.push(m.version);
    }
    await query('COMMIT');
    held.release();
    return applied;
  } catch (error) {
    // Mid-transaction: the connection goes, and the server rolls the transaction back.
    held.release(true);
    throw error;
  }
}

/** Fails unless the tables are at the version these stores need (with `migrate: false`). */
export async function checkVersion(pool: pg.Pool, t: Tables): Promise<void> {
  const held = await checkOut(pool);
  const { client } = held;
  let rows: { version: number | null }[];
  try {
    ({ rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${t.migrations}`));
  } catch (error) {
    // A connection that failed may be broken (a server's FATAL leaves it looking queryable): never pooled again.
    held.release(true);
    throw error;
  }
  held.release();
  const version = rows[0]?.version ?? 0;
  if (version < LATEST) {
    throw new Error(
      `the tables are at migration ${version} and these stores need ${LATEST}: apply the migrations (migrate() or migrationScripts())`,
    );
  }
}
