// Retries a compare-and-set write of a token-cache partition, a bounded number of rounds.
import { ErrorCode, IdentityWebError } from '../domain/errors.js';

/**
 * Rounds a partition write gets before the caller sees a 503. Each lost round means another
 * writer changed the partition in between; a handful absorbs a burst of concurrent refreshes and
 * sign-ins of one account, while a store that keeps changing under us is an outage, not a race.
 */
export const PARTITION_WRITE_ATTEMPTS = 5;

/**
 * Runs `round` until it settles the write: a round returns its answer, or `undefined` when its
 * compare-and-set lost and it must run again (it reads what is there now itself). After
 * {@link PARTITION_WRITE_ATTEMPTS} lost rounds it throws `store_conflict` (503) saying `conflict`.
 */
export async function retryPartitionWrite<T>(round: () => Promise<T | undefined>, conflict: string): Promise<T> {
  for (let attempt = 0; attempt < PARTITION_WRITE_ATTEMPTS; attempt++) {
    const settled = await round();
    if (settled !== undefined) return settled;
  }
  throw new IdentityWebError(ErrorCode.StoreConflict, conflict);
}
