// PostgreSQL refresh leases: a row holding its holder's token, lapsing by itself, released only by that holder.
import { randomBytes } from 'node:crypto';
import type { RefreshLease } from '@identity-web/core/store';
import { type Database, NOW } from './database.js';
import type { Scope, Tables } from './tables.js';
import { stored } from './text.js';

/**
 * A lease is a row holding its holder's random token, inserted only over an absent or lapsed
 * row, so it lapses by itself if the holder dies; only the holder's token deletes it, so a
 * holder that outlived its lease cannot release the next holder's.
 */
export class PostgresRefreshLease implements RefreshLease {
  constructor(
    private readonly db: Database,
    private readonly t: Tables,
    private readonly scope: Scope,
    /** A caller waits for another holder no longer than for any store operation: `queryTimeoutMs`. */
    readonly maxWaitMs: number,
  ) {}

  acquire(key: string, ttlMs: number): Promise<string | null> {
    const token = randomBytes(16).toString('base64url');
    return this.db.run('lease acquire', async (db) => {
      const taken = await db.change(
        `INSERT INTO ${this.t.leases} AS l (app, key, token, expires_at) VALUES ($1, $2, $3, ${NOW(5)} + $4)
         ON CONFLICT (app, key) DO UPDATE SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at
           WHERE l.expires_at <= ${NOW(5)}`,
        [this.scope.app, stored(key), token, Math.max(1, Math.ceil(ttlMs)), this.db.now()],
      );
      return taken === 1 ? token : null;
    });
  }

  async release(key: string, token: string): Promise<void> {
    await this.db.run('lease release', (db) =>
      db.change(`DELETE FROM ${this.t.leases} WHERE app = $1 AND key = $2 AND token = $3`, [
        this.scope.app,
        stored(key),
        token,
      ]),
    );
  }
}
