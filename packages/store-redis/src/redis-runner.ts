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
    status: 503,
    cause,
  });
}

/** What one store operation sends through: every command carries the operation's abort signal. */
export interface Attempt {
  /** Aborted once the operation's caller was told it failed. */
  readonly signal: AbortSignal;
  /** Sends one command to the node holding `key`. */
  command(key: string, ...args: string[]): Promise<unknown>;
  /** Runs a one-key script by its hash, loading it on a node that does not know it yet. */
  script(script: LuaScript, key: string, ...args: string[]): Promise<unknown>;
}

function attemptOn(link: Link, signal: AbortSignal): Attempt {
  const command = (key: string, ...args: string[]) => link.send(key, args, signal);
  return {
    signal,
    command,
    async script(script, key, ...args) {
      try {
        return await command(key, 'EVALSHA', script.sha1, '1', key, ...args);
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return command(key, 'EVAL', script.source, '1', key, ...args);
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
      return work(attemptOn(this.link, abandoned.signal));
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
