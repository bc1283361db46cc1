// The PostgreSQL token-cache store: value and version in one row, written only by compare-and-set.
import type { TokenCacheStore, VersionedValue } from '@identity-web/core/store';
import { type Database, NOW, ttlMs } from './database.js';
import type { Scope, Tables } from './tables.js';
import { stored } from './text.js';

/**
 * Token-cache partitions: value and version in one row, written by compare-and-set statements,
 * so a refresh that read a version cannot write over a newer one or bring back a deleted
 * partition. Two writers from one version: the second waits on the first's row lock, then finds
 * the version changed (READ COMMITTED re-checks the `WHERE` on the updated row) and writes nothing.
 */
export class PostgresTokenCacheStore implements TokenCacheStore {
  constructor(
    private readonly db: Database,
    private readonly t: Tables,
    private readonly scope: Scope,
  ) {}

  getPartition(key: string): Promise<VersionedValue | null> {
    return this.db.run('getPartition', async (db) => {
      const rows = await db.query<{ value: string; version: string }>(
        `SELECT value, version FROM ${this.t.partitions} WHERE app = $1 AND key = $2 AND expires_at > ${NOW(3)}`,
        [this.scope.app, stored(key), this.db.now()],
      );
      const row = rows[0];
      return row === undefined ? null : { value: row.value, version: row.version };
    });
  }

  setPartition(
    key: string,
    value: VersionedValue,
    expectedVersion: string | null,
    ttlSeconds: number,
  ): Promise<boolean> {
    const values = [this.scope.app, stored(key), value.value, value.version, ttlMs(ttlSeconds), this.db.now()];
    return this.db.run('setPartition', async (db) => {
      // Absent or expired only: an expired row is no partition.
      if (expectedVersion === null) {
        return (
          (await db.change(
            `INSERT INTO ${this.t.partitions} AS p (app, key, value, version, expires_at)
             VALUES ($1, $2, $3, $4, ${NOW(6)} + $5)
             ON CONFLICT (app, key) DO UPDATE
               SET value = EXCLUDED.value, version = EXCLUDED.version, expires_at = EXCLUDED.expires_at
               WHERE p.expires_at <= ${NOW(6)}`,
            values,
          )) === 1
        );
      }
      return (
        (await db.change(
          `UPDATE ${this.t.partitions} SET value = $3, version = $4, expires_at = ${NOW(6)} + $5
           WHERE app = $1 AND key = $2 AND version = $7 AND expires_at > ${NOW(6)}`,
          [...values, expectedVersion],
        )) === 1
      );
    });
  }

  deletePartition(key: string): Promise<boolean> {
    return this.db.run('deletePartition', async (db) => {
      const rows = await db.query<{ live: boolean }>(
        `DELETE FROM ${this.t.partitions} WHERE app = $1 AND key = $2 RETURNING expires_at > ${NOW(3)} AS live`,
        [this.scope.app, stored(key), this.db.now()],
      );
      return rows[0]?.live === true;
    });
  }

  countPartitions(): Promise<number> {
    return this.db.run('countPartitions', async (db) => {
      const rows = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.t.partitions} WHERE app = $1`, [
        this.scope.app,
      ]);
      return Number(rows[0]?.n ?? 0);
    });
  }
}
