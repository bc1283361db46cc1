// The invalidation bus's own connection: LISTEN on the channel, a heartbeat, and reconnection that
// first reads what was published while the connection was down.
import pg from 'pg';
import type { ErrorLogger } from './options.js';

/** How often the connection is checked: a half-open TCP connection delivers nothing and says nothing. */
const HEARTBEAT_MS = 5000;

/** A retry delay: from 50 ms doubling up to `maxDelayMs`, jittered by half. */
export function reconnectDelay(retries: number, maxDelayMs: number): number {
  const base = Math.min(maxDelayMs, 50 * 2 ** Math.min(retries, 16));
  return Math.round(base / 2 + (Math.random() * base) / 2);
}

export interface ListenerSettings {
  /** The node-postgres client configuration of the connection (from the URL, or the app's pool). */
  readonly client: pg.ClientConfig;
  readonly channel: string;
  readonly timeoutMs: number;
  readonly maxReconnectDelayMs: number;
  readonly logger: ErrorLogger;
  /** A notification's payload. */
  readonly onNotification: (payload: string) => void;
  /**
   * Called on the new connection after a reconnection, once it listens: reads and delivers what
   * was published since `since` (the database's time the previous connection was last known to
   * listen), as some of it may never have reached this instance.
   */
  readonly catchUp: (client: pg.Client, since: string) => Promise<void>;
}

/**
 * One dedicated connection that listens, reopened after any failure with a backoff. `ready`
 * settles once it listens for the first time. After a reconnection, `catchUp` runs before the
 * connection counts as up, and the time it covers from advances only once it succeeded.
 */
export class Listener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retries = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The database's time at which the last connection was last known to listen; `undefined` before the first. */
  private lastAlive: string | undefined;
  private resolveReady!: () => void;
  readonly ready = new Promise<void>((resolve) => {
    this.resolveReady = resolve;
  });

  constructor(private readonly settings: ListenerSettings) {
    void this.open();
  }

  stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    // A publish waiting for the first LISTEN waits no more.
    this.resolveReady();
    const client = this.client;
    this.client = undefined;
    return client === undefined ? Promise.resolve() : client.end().catch(() => {});
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const { settings } = this;
    const client = new pg.Client({ ...settings.client, connectionTimeoutMillis: settings.timeoutMs, keepAlive: true });
    this.client = client;
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (!this.stopped) {
        settings.logger.error(
          { error: String(error) },
          'identity-web postgres: the invalidation connection failed, reconnecting',
        );
      }
      client.end().catch(() => {});
      this.retry();
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('the connection ended')));
    client.on('notification', (n) => {
      if (n.channel === settings.channel && n.payload !== undefined) settings.onNotification(n.payload);
    });
    try {
      await client.connect();
      await client.query({ text: `LISTEN "${settings.channel}"`, query_timeout: settings.timeoutMs } as pg.QueryConfig);
      if (this.lastAlive !== undefined) await settings.catchUp(client, this.lastAlive);
      await this.beat(client);
    } catch (error) {
      fail(error);
      return;
    }
    if (failed || this.stopped) return;
    this.retries = 0;
    this.resolveReady();
    this.schedule(client);
  }

  /** Notes the database's time: the connection listened until then. */
  private async beat(client: pg.Client): Promise<void> {
    const config = { text: 'SELECT clock_timestamp()::text AS now', query_timeout: this.settings.timeoutMs };
    const { rows } = await client.query<{ now: string }>(config as pg.QueryConfig);
    this.lastAlive = rows[0]!.now;
  }

  private schedule(client: pg.Client): void {
    this.timer = setTimeout(() => {
      if (this.stopped || client !== this.client) return;
      this.beat(client).then(
        () => this.schedule(client),
        (error: unknown) => client.emit('error', error),
      );
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  private retry(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.open(), reconnectDelay(this.retries++, this.settings.maxReconnectDelayMs));
    this.timer.unref();
  }
}
