// The `Link` the Redis stores talk through, the same on one server and a cluster, and its connection helpers.
import type { ResolvedOptions } from './options.js';

/** A pub/sub listener as node-redis calls it: the message and the channel. */
export type MessageListener = (message: string, channel: string) => void;

/**
 * What the stores need from Redis, the same on one server and on a cluster. Commands are raw
 * argument lists (`['GET', key]`) routed by `key`, so one code path serves both.
 */
export interface Link {
  /** Settles once the first connection is ready (rejects only when the link was closed first). */
  ready(): Promise<void>;
  /** Sends one command to the node that holds `key`; `signal` drops it while it still waits to be written. */
  send(key: string, args: readonly string[], signal: AbortSignal): Promise<unknown>;
  /**
   * Sends a command about the connection itself (`ROLE`, `WAIT`) on the very connection the
   * writes of `key` go through, whatever the client's routing of that command would be.
   */
  sendOnConnectionOf(key: string, args: readonly string[], signal: AbortSignal): Promise<unknown>;
  /** The publish command for this topology (`PUBLISH`, or `SPUBLISH` on a cluster). */
  readonly publishCommand: 'PUBLISH' | 'SPUBLISH';
  /** Subscribes on a dedicated connection, opened on first use. */
  subscribe(channel: string, listener: MessageListener): Promise<void>;
  unsubscribe(channel: string, listener: MessageListener): Promise<void>;
  /** Closes what the link owns; an app's own client stays open. */
  close(): Promise<void>;
}

/** Settings every connection the stores open shares. */
export type LinkSettings = Pick<
  ResolvedOptions,
  'commandTimeoutMs' | 'connectTimeoutMs' | 'maxReconnectDelayMs' | 'logger'
>;

/** Backoff between reconnection attempts: 50 ms doubling up to the cap, with jitter so instances spread out. */
export function reconnectDelay(retries: number, maxDelayMs: number): number {
  const base = Math.min(maxDelayMs, 50 * 2 ** Math.min(retries, 16));
  return Math.round(base / 2 + (Math.random() * base) / 2);
}

/** The node-redis socket options the stores enforce on connections they open. */
export function socketOptions(settings: LinkSettings) {
  return {
    connectTimeout: settings.connectTimeoutMs,
    reconnectStrategy: (retries: number) => reconnectDelay(retries, settings.maxReconnectDelayMs),
  };
}

/** Reports connection errors; each distinct message once until the connection is ready again, so an outage is not a flood. */
export interface ErrorReporter {
  report(error: unknown): void;
  /** The connection is ready again: the next error is news. */
  reset(): void;
}

export function errorReporter(settings: LinkSettings, connection: string): ErrorReporter {
  let last = '';
  return {
    report(error) {
      const message = error instanceof Error ? error.message || error.name : String(error);
      if (message === last) return;
      last = message;
      settings.logger.error({ connection, error: message }, 'identity-web redis: connection error');
    },
    reset() {
      last = '';
    },
  };
}

/** Waits `ms`, or less if `signal` aborts; leaves no listener behind on a long-lived signal. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Closes a node-redis connection gracefully within a bound, then forcefully. */
export async function closeWithin(
  connection: { close(): Promise<void>; destroy(): void; isOpen: boolean },
  ms: number,
): Promise<void> {
  if (!connection.isOpen) return;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const closed = connection.close().then(
    () => 'closed' as const,
    () => 'late' as const,
  );
  const outcome = await Promise.race([closed, late]);
  clearTimeout(timer);
  if (outcome === 'late' && connection.isOpen) connection.destroy();
}
