// The PostgreSQL invalidation bus: NOTIFY to every instance, each invalidation also kept a few
// minutes in a table, so that an instance whose connection dropped reads what it missed.
import { type Invalidation, type InvalidationBus, invalidationWire } from '@identity-web/core/store';
import type pg from 'pg';
import type { Database } from './database.js';
import { Listener } from './listener.js';
import type { ErrorLogger } from './options.js';
import type { Scope, Tables } from './tables.js';

/**
 * How far back a reconnected instance reads, at most. The core serves an in-process copy (a hot
 * token, a remembered session) for at most a minute, so an invalidation older than that can
 * concern no copy still served; twice that leaves room for clock skew. The sweeper keeps
 * invalidations longer than this.
 */
export const CATCH_UP_WINDOW = '2 minutes';

export interface BusSettings {
  readonly client: pg.ClientConfig;
  readonly timeoutMs: number;
  readonly maxReconnectDelayMs: number;
  readonly logger: ErrorLogger;
}

/**
 * One `LISTEN` per bus on a dedicated connection, fanned out to the in-process listeners; every
 * instance hears every message, its own included. A publish inserts the message and notifies in
 * one statement, so the notification goes out exactly when the row is committed. After its
 * connection dropped, the bus listens again and then delivers every invalidation of its app
 * published since the old connection was last known to listen: a notification sent while it
 * was away is not lost, it comes late (duplicates are harmless: dropping a copy twice is dropping it).
 */
export class PostgresInvalidationBus implements InvalidationBus {
  private readonly listeners = new Set<(message: Invalidation) => void>();
  private listener: Listener | undefined;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly t: Tables,
    private readonly scope: Scope,
    private readonly settings: BusSettings,
  ) {}

  async publish(message: Invalidation): Promise<void> {
    const body = invalidationWire.encode(message);
    const { app } = this.scope;
    const listening = this.listener?.ready;
    await this.db.run('publish', async (db) => {
      // A subscription still being set up would miss this message on this very instance.
      await listening;
      await db.query(
        `WITH m AS (INSERT INTO ${this.t.invalidations} (app, message) VALUES ($1, $2) RETURNING seq)
         SELECT pg_notify($3, $4) FROM m`,
        [app, body, this.t.channel, JSON.stringify({ app, message: body })],
      );
    });
  }

  subscribe(listener: (message: Invalidation) => void): () => void {
    const wrapped = (message: Invalidation) => listener(message);
    this.listeners.add(wrapped);
    if (this.listener === undefined && !this.closed) this.listener = this.listen();
    return () => {
      if (!this.listeners.delete(wrapped) || this.listeners.size > 0) return;
      void this.listener?.stop();
      this.listener = undefined;
    };
  }

  /** Stops listening and closes the bus's connection. */
  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.stop();
  }

  private listen(): Listener {
    const app = this.scope.app;
    return new Listener({
      ...this.settings,
      channel: this.t.channel,
      onNotification: (payload) => {
        try {
          const sent = JSON.parse(payload) as { app?: unknown; message?: unknown };
          if (sent.app !== app) return; // another app on the same tables
          this.deliver(typeof sent.message === 'string' ? sent.message : '');
        } catch {
          this.deliver('');
        }
      },
      catchUp: async (client, since) => {
        const { rows } = await client.query<{ message: string }>({
          text: `SELECT message FROM ${this.t.invalidations}
                 WHERE app = $1 AND created_at >= greatest($2::timestamptz - interval '1 second',
                                                            clock_timestamp() - interval '${CATCH_UP_WINDOW}')
                 ORDER BY seq`,
          values: [app, since],
          query_timeout: this.settings.timeoutMs,
        } as pg.QueryConfig);
        for (const row of rows) this.deliver(row.message);
      },
    });
  }

  private deliver(raw: string): void {
    const message = invalidationWire.decode(raw);
    if (message === null) {
      this.settings.logger.error(
        { channel: this.t.channel },
        'identity-web postgres: ignored a malformed invalidation message',
      );
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.settings.logger.error({ error: String(error) }, 'identity-web postgres: an invalidation listener threw');
      }
    }
  }
}
