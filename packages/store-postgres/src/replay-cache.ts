// The PostgreSQL replay cache: one-time values inserted only when absent or expired.
import type { ReplayCache } from '@identity-web/core/store';
import { type Database, NOW, ttlMs } from './database.js';
import { digest, type Scope, type Tables } from './tables.js';

/**
 * One-time values as rows keyed by their SHA-256 (the values come from outside and may be long):
 * an insert that only an absent or expired row lets through, so of two concurrent deliveries
 * exactly one is new.
 */
export class PostgresReplayCache implements ReplayCache {
  constructor(
    private readonly db: Database,
    private readonly t: Tables,
    private readonly scope: Scope,
  ) {}

  has(value: string): Promise<boolean> {
    return this.db.run('replay has', async (db) => {
      const rows = await db.query(
        `SELECT 1 FROM ${this.t.replay} WHERE app = $1 AND key = $2 AND expires_at > ${NOW(3)}`,
        [this.scope.app, digest([value]), this.db.now()],
      );
      return rows.length > 0;
    });
  }

  putIfAbsent(value: string, ttlSeconds: number): Promise<boolean> {
    return this.db.run(
      'replay putIfAbsent',
      async (db) =>
        (await db.change(
          `INSERT INTO ${this.t.replay} AS r (app, key, expires_at) VALUES ($1, $2, ${NOW(4)} + $3)
           ON CONFLICT (app, key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE r.expires_at <= ${NOW(4)}`,
          [this.scope.app, digest([value]), ttlMs(ttlSeconds), this.db.now()],
        )) === 1,
    );
  }
}
