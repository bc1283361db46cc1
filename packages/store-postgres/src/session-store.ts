// The PostgreSQL session store: one row per sealed session record, never read once expired.
import type { SessionStore } from '@identity-web/core/store';
import { type Database, NOW, ttlMs } from './database.js';
import type { Scope, Tables } from './tables.js';
import { stored } from './text.js';

/** Sealed session records, one row each: one statement per operation. */
export class PostgresSessionStore implements SessionStore {
  constructor(
    private readonly db: Database,
    private readonly t: Tables,
    private readonly scope: Scope,
  ) {}

  getSession(id: string): Promise<string | null> {
    return this.db.run('getSession', async (db) => {
      const rows = await db.query<{ record: string }>(
        `SELECT record FROM ${this.t.sessions} WHERE app = $1 AND id = $2 AND expires_at > ${NOW(3)}`,
        [this.scope.app, stored(id), this.db.now()],
      );
      return rows[0]?.record ?? null;
    });
  }

  async setSession(id: string, record: string, ttlSeconds: number): Promise<void> {
    await this.db.run('setSession', (db) =>
      db.change(
        `INSERT INTO ${this.t.sessions} (app, id, record, expires_at) VALUES ($1, $2, $3, ${NOW(5)} + $4)
         ON CONFLICT (app, id) DO UPDATE SET record = EXCLUDED.record, expires_at = EXCLUDED.expires_at`,
        [this.scope.app, stored(id), record, ttlMs(ttlSeconds), this.db.now()],
      ),
    );
  }

  deleteSession(id: string): Promise<boolean> {
    return this.db.run('deleteSession', async (db) => {
      const rows = await db.query<{ live: boolean }>(
        `DELETE FROM ${this.t.sessions} WHERE app = $1 AND id = $2 RETURNING expires_at > ${NOW(3)} AS live`,
        [this.scope.app, stored(id), this.db.now()],
      );
      return rows[0]?.live === true;
    });
  }

  countSessions(): Promise<number> {
    return this.db.run('countSessions', async (db) => {
      const rows = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.t.sessions} WHERE app = $1`, [
        this.scope.app,
      ]);
      return Number(rows[0]?.n ?? 0);
    });
  }
}
