// One token refresh per account at a time, here and across instances, so a refresh token is spent once.
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { RefreshLease } from '../ports/refresh-lease.port.js';
import { KeyedMutex } from './single-flight.js';

/** A lease outlives any IdP call (they are bounded by timeouts well below this). */
const LEASE_TTL_MS = 15_000;
const POLL_MS = 25;
/** How long a caller waits for another instance's refresh before it gives up with a 503, unless the lease says. */
const MAX_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** First pause before a failed release is tried again; it doubles up to a second. */
const RELEASE_RETRY_MS = 100;

/**
 * Releases a lease whose release failed (the store was away: a failover, a restart), in the
 * background, until it works or the lease has lapsed by itself. Without it, every caller of the
 * account would wait out `maxWaitMs` and get a 503 for the rest of the lease's life, although
 * nobody refreshes any more.
 */
function releaseLater(lease: RefreshLease, key: string, token: string, until: number): void {
  let pauseMs = RELEASE_RETRY_MS;
  const attempt = () => {
    if (performance.now() + pauseMs >= until) return;
    const timer = setTimeout(() => {
      lease.release(key, token).catch(() => {
        pauseMs = Math.min(pauseMs * 2, 1000);
        attempt();
      });
    }, pauseMs);
    // Never keeps a process alive (Node); elsewhere timers carry no such flag.
    (timer as { unref?: () => void }).unref?.();
  };
  attempt();
}

/**
 * One loader per account at a time: in this process through a mutex, across instances through
 * the `RefreshLease` port, so a rotated refresh token is never spent twice. A caller that finds
 * the lease held waits, looking (`peek`) for the holder's fresh token in the store at every poll
 * and serving it as soon as it is there; once the lease is free it loads itself — by then the
 * holder's new partition is stored, so it is served without a second refresh. It waits at most
 * the lease's `maxWaitMs` (a shared store's command deadline), then answers 503. The partition's
 * compare-and-set remains the fence: a holder whose lease lapsed cannot overwrite what a later
 * holder wrote.
 */
export class AccountLease {
  private readonly local = new KeyedMutex();

  constructor(private readonly lease: RefreshLease) {}

  /** `peek`: what the holder left in the store that serves the caller, or `null` to go on waiting. */
  run<T>(accountKey: string, work: () => Promise<T>, peek?: () => Promise<T | null>): Promise<T> {
    return this.local.run(accountKey, () => this.acrossInstances(accountKey, work, peek));
  }

  private async acrossInstances<T>(
    accountKey: string,
    work: () => Promise<T>,
    peek: (() => Promise<T | null>) | undefined,
  ): Promise<T> {
    const key = `refresh:${accountKey}`;
    const given = this.lease.maxWaitMs;
    const maxWaitMs = typeof given === 'number' && Number.isFinite(given) && given >= 0 ? given : MAX_WAIT_MS;
    const started = performance.now();
    for (;;) {
      const token = await this.lease.acquire(key, LEASE_TTL_MS);
      if (token !== null) {
        const lapses = performance.now() + LEASE_TTL_MS;
        try {
          return await work();
        } finally {
          await this.lease.release(key, token).catch(() => releaseLater(this.lease, key, token, lapses));
        }
      }
      const seen = peek === undefined ? null : await peek();
      if (seen !== null) return seen;
      if (performance.now() - started >= maxWaitMs) {
        throw new IdentityWebError(
          ErrorCode.StoreConflict,
          "another instance kept refreshing this account's tokens; try again",
        );
      }
      await sleep(Math.min(POLL_MS, Math.max(1, maxWaitMs - (performance.now() - started))));
    }
  }
}
