// The PostgreSQL account registry: one row per sign-in, found by its (iss, sub), (iss, sid) and (iss, email) indexes.
import { type AccountRegistry, DEFAULT_MAX_ENTRIES_PER_ACCOUNT, type RegistryEntry } from '@identity-web/core/store';
import { type Database, NOW, type Session, ttlMs } from './database.js';
import type { Scope, Tables } from './tables.js';
import { given, stored } from './text.js';

interface Row {
  issuer: string;
  subject: string;
  sid: string | null;
  email: string | null;
  account_key: string;
  session_id: string;
}

const COLUMNS = 'issuer, subject, sid, email, account_key, session_id';

/** The entry as the port has it: only its fields, `sid` and `email` only when recorded. */
function entryOf(row: Row): RegistryEntry {
  return {
    issuer: given(row.issuer),
    subject: given(row.subject),
    accountKey: given(row.account_key),
    sessionId: given(row.session_id),
    ...(row.sid !== null && { sid: given(row.sid) }),
    ...(row.email !== null && { email: given(row.email) }),
  };
}

/**
 * The registry as one table, each sign-in a row found through the indexes on (iss, sub),
 * (iss, sid) and (iss, email): a lookup is one indexed `SELECT`. The writes that decide from an
 * account's other entries (recording at the cap, forgetting all but the last) run in a
 * transaction holding the account's advisory lock, so two of them never decide from the same count.
 *
 * Bounded: an account keeps at most `maxEntriesPerAccount` sign-ins; a new one at the cap drops
 * the oldest (by `seq`) in the same transaction and hands them back, and the core ends their
 * sessions. Every row lives as long as the account's tokens, and the sweeper deletes it after.
 */
export class PostgresAccountRegistry implements AccountRegistry {
  constructor(
    private readonly db: Database,
    private readonly t: Tables,
    private readonly scope: Scope,
    private readonly maxEntriesPerAccount = DEFAULT_MAX_ENTRIES_PER_ACCOUNT,
  ) {}

  recordSignIn(entry: RegistryEntry, ttlSeconds: number): Promise<RegistryEntry[]> {
    const { app } = this.scope;
    const now = this.db.now();
    return this.db.run(
      'recordSignIn',
      async (db) => {
        await this.lock(db, entry.accountKey);
        const account = stored(entry.accountKey);
        const mine = [app, account, stored(entry.sessionId), now] as const;
        const known = await db.query(
          `SELECT 1 FROM ${this.t.registry}
           WHERE app = $1 AND account_key = $2 AND session_id = $3 AND expires_at > ${NOW(4)}`,
          mine,
        );
        const dropped =
          known.length > 0
            ? []
            : await db.query<Row>(
                `WITH live AS (
                   SELECT session_id, seq FROM ${this.t.registry}
                   WHERE app = $1 AND account_key = $2 AND expires_at > ${NOW(4)}),
                 excess AS (
                   SELECT session_id FROM live ORDER BY seq LIMIT greatest(0, (SELECT count(*) FROM live) - $3 + 1))
                 DELETE FROM ${this.t.registry} r USING excess e
                 WHERE r.app = $1 AND r.account_key = $2 AND r.session_id = e.session_id
                 RETURNING ${COLUMNS.replace(/(\w+)/g, 'r.$1')}`,
                [app, account, this.maxEntriesPerAccount, now],
              );
        // The account's entries live at least as long as its tokens, as the new one does.
        await db.change(
          `UPDATE ${this.t.registry} SET expires_at = greatest(expires_at, ${NOW(4)} + $3)
           WHERE app = $1 AND account_key = $2 AND expires_at > ${NOW(4)}`,
          [app, account, ttlMs(ttlSeconds), now],
        );
        await db.change(
          `INSERT INTO ${this.t.registry} AS r (app, account_key, session_id, issuer, subject, sid, email, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, ${NOW(9)} + $8)
           ON CONFLICT (app, account_key, session_id) DO UPDATE SET
             issuer = EXCLUDED.issuer, subject = EXCLUDED.subject, sid = EXCLUDED.sid, email = EXCLUDED.email,
             seq = CASE WHEN r.expires_at <= ${NOW(9)} THEN EXCLUDED.seq ELSE r.seq END,
             expires_at = greatest(r.expires_at, EXCLUDED.expires_at)`,
          [
            app,
            account,
            stored(entry.sessionId),
            stored(entry.issuer),
            stored(entry.subject),
            entry.sid === undefined ? null : stored(entry.sid),
            entry.email === undefined ? null : stored(entry.email),
            ttlMs(ttlSeconds),
            now,
          ],
        );
        return dropped.map(entryOf);
      },
      true,
    );
  }

  forgetSession(accountKey: string, sessionId: string): Promise<number> {
    const { app } = this.scope;
    const now = this.db.now();
    return this.db.run(
      'forgetSession',
      async (db) => {
        await this.lock(db, accountKey);
        const [counted] = await db.query<{ others: string }>(
          `SELECT count(*) FILTER (WHERE session_id <> $3) AS others FROM ${this.t.registry}
           WHERE app = $1 AND account_key = $2 AND expires_at > ${NOW(4)}`,
          [app, stored(accountKey), stored(sessionId), now],
        );
        const others = Number(counted?.others ?? 0);
        // Never the last: the caller then removes the whole account, partition first.
        if (others === 0) return 0;
        await db.change(`DELETE FROM ${this.t.registry} WHERE app = $1 AND account_key = $2 AND session_id = $3`, [
          app,
          stored(accountKey),
          stored(sessionId),
        ]);
        return others;
      },
      true,
    );
  }

  findBySid(issuer: string, sid: string): Promise<RegistryEntry[]> {
    return this.find('findBySid', 'sid', issuer, sid);
  }

  findBySubject(issuer: string, subject: string): Promise<RegistryEntry[]> {
    return this.find('findBySubject', 'subject', issuer, subject);
  }

  findByEmail(issuer: string, email: string): Promise<RegistryEntry[]> {
    return this.find('findByEmail', 'email', issuer, email);
  }

  async touchAccount(accountKey: string, ttlSeconds: number): Promise<void> {
    await this.db.run('touchAccount', (db) =>
      db.change(
        `UPDATE ${this.t.registry} SET expires_at = ${NOW(4)} + $3
         WHERE app = $1 AND account_key = $2 AND expires_at > ${NOW(4)}`,
        [this.scope.app, stored(accountKey), ttlMs(ttlSeconds), this.db.now()],
      ),
    );
  }

  forgetAccount(accountKey: string): Promise<RegistryEntry[]> {
    return this.db.run('forgetAccount', async (db) => {
      // Expired rows go too, but only live ones were entries.
      const rows = await db.query<Row & { live: boolean }>(
        `DELETE FROM ${this.t.registry} WHERE app = $1 AND account_key = $2
         RETURNING ${COLUMNS}, seq, expires_at > ${NOW(3)} AS live`,
        [this.scope.app, stored(accountKey), this.db.now()],
      );
      return rows
        .filter((row) => row.live)
        .sort((a, b) => Number((a as { seq?: string }).seq) - Number((b as { seq?: string }).seq))
        .map(entryOf);
    });
  }

  private async find(operation: string, column: 'sid' | 'subject' | 'email', issuer: string, value: string) {
    return this.db.run(operation, async (db) => {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM ${this.t.registry}
         WHERE app = $1 AND issuer = $2 AND ${column} = $3 AND expires_at > ${NOW(4)} ORDER BY seq`,
        [this.scope.app, stored(issuer), stored(value), this.db.now()],
      );
      return rows.map(entryOf);
    });
  }

  /** The account's advisory lock until the transaction ends: one deciding write per account at a time. */
  private async lock(db: Session, accountKey: string): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      JSON.stringify([this.t.registry, this.scope.app, stored(accountKey)]),
    ]);
  }
}
