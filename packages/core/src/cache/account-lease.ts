import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { RefreshLease } from '../ports/refresh-lease.port.js';
import { KeyedMutex } from './single-flight.js';

/** A lease outlives any IdP call (they are bounded by timeouts well below this). */
const LEASE_TTL_MS = 15_000;
const POLL_MS = 25;
/** How long a caller waits for another instance's refresh before it gives up with a 503. */
const MAX_WAIT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One loader per account at a time: in this process through a mutex, across instances through
 * the `RefreshLease` port, so a rotated refresh token is never spent twice. A caller that finds
 * the lease held waits, then loads again — by then the holder's new partition is stored, so it
 * is served without a second refresh. The partition's compare-and-set remains the fence: a
 * holder whose lease lapsed cannot overwrite what a later holder wrote.
 */
export class AccountLease {
  private readonly local = new KeyedMutex();

  constructor(private readonly lease: RefreshLease) {}

  run<T>(accountKey: string, work: () => Promise<T>): Promise<T> {
    return this.local.run(accountKey, () => this.acrossInstances(accountKey, work));
  }

  private async acrossInstances<T>(accountKey: string, work: () => Promise<T>): Promise<T> {
    const key = `refresh:${accountKey}`;
    for (let waited = 0; ; waited += POLL_MS) {
      const token = await this.lease.acquire(key, LEASE_TTL_MS);
      if (token !== null) {
        try {
          return await work();
        } finally {
          await this.lease.release(key, token).catch(() => undefined);
        }
      }
      if (waited >= MAX_WAIT_MS) {
        throw new IdentityWebError(
          ErrorCode.StoreConflict,
          "another instance kept refreshing this account's tokens; try again",
          { status: 503 },
        );
      }
      await sleep(POLL_MS);
    }
  }
}
