// Runs each store operation on a pooled connection under one deadline, and turns every failure
// into the core's store_unavailable (503).

import type { Clock } from '@identity-web/core/store';
import { ErrorCode, IdentityWebError } from '@identity-web/core/store';
import type { Pool, QueryConfig, QueryResultRow } from 'pg';
import { checkOut, type HeldConnection } from './checkout.js';

class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/** SQLSTATE 42P01 (undefined_table) and 3F000 (invalid_schema_name): the migrations were not applied. */
const MISSING_TABLES = new Set(['42P01', '3F000']);

/** Why an operation failed, for the error's message: the driver's words and the SQLSTATE. */
function reasonOf(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  const reason = cause.message || cause.name;
  if (typeof code !== 'string') return reason;
  const hint = MISSING_TABLES.has(code) ? ' (the tables are missing: apply the migrations, see migrate())' : '';
  return `${reason} [SQLSTATE ${code}]${hint}`;
}

export function unavailable(operation: string, cause: unknown): IdentityWebError {
  return new IdentityWebError(
    ErrorCode.StoreUnavailable,
    `identity-web postgres: ${operation} failed: ${reasonOf(cause)}`,
    { cause },
  );
}

/** One operation's way to the database: statements on one connection, checked against the deadline. */
export interface Session {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Like `query`, with the count of rows the statement changed. */
  change(text: string, values?: readonly unknown[]): Promise<number>;
}

/** The time parameter of a statement: the clock's epoch ms, or `null` for the database's own clock. */
export const NOW = (param: number) =>
  `coalesce($${param}::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint)`;

/**
 * Runs store operations on a pool under one deadline each (waiting for `ready`, the migrations
 * or the schema check, and for a pooled connection included), so a request that needs an
 * unreachable database fails in bounded time instead of hanging. At the deadline the
 * connection is destroyed, which ends the statement and rolls back an open transaction.
 */
export class Database {
  private closed = false;

  constructor(
    private readonly pool: Pool,
    private readonly timeoutMs: number,
    private readonly ready: () => Promise<void>,
    private readonly clock: Clock | undefined,
    /** Called when the tables turned out missing (a database restored or recreated): `ready` must run again. */
    private readonly tablesMissing: () => void = () => {},
  ) {}

  /** The value of a statement's `NOW(...)` parameter. */
  now(): number | null {
    return this.clock === undefined ? null : Math.floor(this.clock.now());
  }

  /** Runs `work` on one connection; with `transaction`, between `BEGIN` and `COMMIT`. */
  async run<T>(operation: string, work: (db: Session) => Promise<T>, transaction = false): Promise<T> {
    if (this.closed) throw unavailable(operation, new Error('the stores were closed'));
    const started = performance.now();
    const abandoned = new AbortController();
    let held: HeldConnection | undefined;
    let released = false;
    const release = (destroy: boolean) => {
      if (held === undefined || released) return;
      released = true;
      held.release(destroy);
    };
    const remaining = () => Math.max(1, Math.ceil(this.timeoutMs - (performance.now() - started)));
    const attempt = (async () => {
      await this.ready();
      abandoned.signal.throwIfAborted();
      held = await checkOut(this.pool);
      const { client } = held;
      if (abandoned.signal.aborted) {
        release(false);
        throw abandoned.signal.reason;
      }
      const query = async (text: string, values: readonly unknown[] = []) => {
        abandoned.signal.throwIfAborted();
        const config = { text, values: [...values], query_timeout: remaining() } as QueryConfig;
        return client.query(config);
      };
      const db: Session = {
        query: async (text, values) => (await query(text, values)).rows,
        change: async (text, values) => (await query(text, values)).rowCount ?? 0,
      };
      try {
        if (!transaction) return await work(db);
        await query('BEGIN');
        const result = await work(db);
        await query('COMMIT');
        return result;
      } catch (error) {
        // The connection may be mid-transaction or mid-statement: never hand it back to the pool.
        release(true);
        throw error;
      } finally {
        release(false);
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned.abort(new DeadlineExceeded(this.timeoutMs));
        release(true);
        reject(abandoned.signal.reason);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([attempt, deadline]);
    } catch (error) {
      if (MISSING_TABLES.has(String((error as { code?: unknown }).code))) this.tablesMissing();
      throw unavailable(operation, error);
    } finally {
      clearTimeout(timer);
      // The losing attempt may still fail later; it was already reported as this failure.
      attempt.catch(() => {});
    }
  }

  /** Refuses further operations; the pool is ended by its owner. */
  close(): void {
    this.closed = true;
  }
}

/** A TTL in whole milliseconds of at least 1, from seconds. */
export function ttlMs(seconds: number): number {
  return Math.max(1, Math.ceil(seconds * 1000));
}
