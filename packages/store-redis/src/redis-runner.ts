// Runs each Redis store operation under one deadline, with its commands, scripts and replica waits.
import { ErrorCode, IdentityWebError } from '@identity-web/core/store';
import type { Link } from './link.js';
import type { LuaScript } from './scripts.js';

class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

function unavailable(operation: string, cause: unknown): IdentityWebError {
  const reason = cause instanceof Error ? cause.message || cause.name : String(cause);
  return new IdentityWebError(ErrorCode.StoreUnavailable, `identity-web redis: ${operation} failed: ${reason}`, {
    cause,
  });
}

/** What one store operation sends through: every command carries the operation's abort signal. */
export interface Attempt {
  /** Aborted once the operation's caller was told it failed. */
  readonly signal: AbortSignal;
  /** Sends one command to the node holding `key`. */
  command(key: string, ...args: string[]): Promise<unknown>;
  /**
   * Runs a script by its hash, loading it on a node that does not know it yet. Several keys must
   * share one hash tag (one cluster slot); the script is sent to the node holding the first.
   */
  script(script: LuaScript, keys: string | readonly [string, ...string[]], ...args: string[]): Promise<unknown>;
  /**
   * Waits (bounded) until one replica of each master that holds one of `keys` has every write
   * sent so far on that master's connection, where that master has replicas.
   */
  replicate(...keys: string[]): Promise<void>;
}

/** How writes that must survive a failover wait for a replica. */
export interface Replication {
  /** Longest wait for one replica's acknowledgement, in ms; 0: never wait. */
  readonly waitMs: number;
  /** Set once the server refused `ROLE` or `WAIT`. */
  readonly off: boolean;
  /** A master with replicas did not get an acknowledgement in time (the write stays done). */
  unacknowledged(key: string): void;
  /** One did: the next miss is news again. */
  acknowledged(): void;
  /** The server refused `ROLE` or `WAIT` (ACL, renamed command): no wait from now on. */
  refused(reason: string): void;
}

/** Error replies that say the command is not allowed or not known, not that the server is away. */
const REFUSED = /^(NOPERM|ERR unknown command|ERR unknown subcommand)/;

/** `ROLE` on a master: `['master', offset, [[host, port, offset], ...]]`, its connected replicas. */
function replicasIn(role: unknown): number {
  return Array.isArray(role) && role[0] === 'master' && Array.isArray(role[2]) ? role[2].length : 0;
}

function attemptOn(link: Link, signal: AbortSignal, replication: Replication): Attempt {
  const command = (key: string, ...args: string[]) => link.send(key, args, signal);
  // WAIT counts the acknowledgements of everything written on this connection to that master,
  // ours included: one per master is enough, and keys of one slot share it.
  const onConnection = (key: string, ...args: string[]) => link.sendOnConnectionOf(key, args, signal);
  const waitFor = async (key: string) => {
    try {
      if (replicasIn(await onConnection(key, 'ROLE')) === 0) return;
      const acknowledged = Number(await onConnection(key, 'WAIT', '1', String(replication.waitMs)));
      if (acknowledged >= 1) replication.acknowledged();
      else replication.unacknowledged(key);
    } catch (error) {
      // A user whose ACL lacks ROLE or WAIT, or a service that renamed them: the write is done.
      if (!(error instanceof Error && REFUSED.test(error.message))) throw error;
      replication.refused(error.message);
    }
  };
  return {
    signal,
    command,
    replicate: async (...keys) => {
      if (replication.waitMs === 0 || replication.off) return;
      await Promise.all([...new Set(keys)].map(waitFor));
    },
    async script(script, keys, ...args) {
      const all = typeof keys === 'string' ? [keys] : keys;
      const key = all[0] as string;
      try {
        return await command(key, 'EVALSHA', script.sha1, String(all.length), ...all, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return command(key, 'EVAL', script.source, String(all.length), ...all, ...args);
      }
    },
  };
}

/**
 * Runs store operations against a link under one deadline each, so a request that needs an
 * unreachable Redis fails in bounded time instead of hanging, whether no connection is there or
 * an answer never comes (a frozen server, a dropped packet).
 */
export class RedisRunner {
  private closed = false;

  constructor(
    private readonly link: Link,
    private readonly timeoutMs: number,
    private readonly replication: Replication,
  ) {}

  /**
   * Runs `work` once the link is ready; any failure or a missed deadline becomes `store_unavailable`
   * (503). At the deadline the attempt is aborted: commands still waiting for a connection are
   * dropped, not sent later, and a multi-step `work` checks `signal` between steps, so it does not go
   * on to finish unseen (a `forgetAccount` that completed after failing would return nothing on retry).
   */
  async run<T>(operation: string, work: (redis: Attempt) => Promise<T>): Promise<T> {
    if (this.closed) throw unavailable(operation, new Error('the stores were closed'));
    const abandoned = new AbortController();
    const attempt = this.link.ready().then(() => {
      abandoned.signal.throwIfAborted();
      return work(attemptOn(this.link, abandoned.signal, this.replication));
    });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abandoned.abort(new DeadlineExceeded(this.timeoutMs));
        reject(abandoned.signal.reason);
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([attempt, deadline]);
    } catch (error) {
      throw unavailable(operation, error);
    } finally {
      clearTimeout(timer);
      // The losing attempt may still fail later; it was already reported as this failure.
      attempt.catch(() => {});
    }
  }

  /** Refuses further operations; the link is closed by its owner. */
  close(): void {
    this.closed = true;
  }
}

/** A TTL as Redis accepts it: a whole number of at least 1 (a fraction or 0 would be a command error). */
export function whole(amount: number): string {
  return String(Math.max(1, Math.ceil(amount)));
}
