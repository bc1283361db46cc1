// The sweeper: deletes expired rows in bounded batches, on one instance at a time.
import type pg from 'pg';
import { checkOut } from './checkout.js';
import { NOW } from './database.js';
import type { Tables } from './tables.js';

/**
 * How long invalidations are kept: well past the bus's catch-up window, so a reconnecting
 * instance finds every one it may need.
 */
const INVALIDATIONS_KEPT = '10 minutes';

/** Most batches per table in one sweep, so one sweep ends even while a flood goes on. */
const MAX_BATCHES = 1000;

export interface SweepSettings {
  readonly batchSize: number;
  readonly timeoutMs: number;
  /** The statements' `NOW(...)` value: the stores' clock, or `null` for the database's. */
  readonly now: () => number | null;
}

/**
 * Deletes expired rows of every table, `batchSize` rows per statement (by `ctid`, found through
 * the `expires_at` index), so no statement holds many row locks or runs long; reads skip expired
 * rows anyway, so sweeping only bounds the tables' size. Runs only where it takes the tables'
 * sweep lock (`pg_try_advisory_lock`): one instance sweeps, the others skip. Returns the rows
 * deleted, or `null` when another instance was sweeping.
 */
export async function sweep(pool: pg.Pool, t: Tables, settings: SweepSettings): Promise<number | null> {
  const held = await checkOut(pool);
  const { client } = held;
  const query = (text: string, values: unknown[] = []) =>
    client.query({ text, values, query_timeout: settings.timeoutMs } as pg.QueryConfig);
  let broken = false;
  try {
    const { rows } = await query('SELECT pg_try_advisory_lock($1::bigint) AS locked', [t.sweepLock]);
    if (rows[0]?.locked !== true) return null;
    let deleted = 0;
    try {
      const batches = [
        ...t.expiring.map((table) => ({ table, expired: `expires_at <= ${NOW(2)}`, values: [settings.now()] })),
        {
          table: t.invalidations,
          expired: `created_at < clock_timestamp() - interval '${INVALIDATIONS_KEPT}'`,
          values: [],
        },
      ];
      for (const { table, expired, values } of batches) {
        for (let i = 0; i < MAX_BATCHES; i++) {
          // The expiry is checked again on the row deleted: one written again meanwhile stays.
          const result = await query(
            `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(SELECT ctid FROM ${table} WHERE ${expired} LIMIT $1)) AND ${expired}`,
            [settings.batchSize, ...values],
          );
          deleted += result.rowCount ?? 0;
          if ((result.rowCount ?? 0) < settings.batchSize) break;
        }
      }
    } finally {
      await query('SELECT pg_advisory_unlock($1::bigint)', [t.sweepLock]);
    }
    return deleted;
  } catch (error) {
    broken = true;
    throw error;
  } finally {
    // A connection that failed may still hold the lock: ending it lets the lock go.
    held.release(broken);
  }
}
