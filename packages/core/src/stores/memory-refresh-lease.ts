// The in-memory refresh lease: what a shared store's lease does across instances, for one process and tests.
import { clockedLru } from '../cache/lru.js';
import { refuseUnknownOptions } from '../domain/option-keys.js';
import type { Clock } from '../ports/clock.port.js';
import type { RefreshLease } from '../ports/refresh-lease.port.js';

let counter = 0;

/**
 * Leases in process memory: what a shared store does across instances, for one process and tests.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { MemoryRefreshLease } from '@identity-web/core/store';
 *
 * const clock = { now: () => Date.now() };
 * const identity = createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   clock,
 *   stores: { refreshLease: new MemoryRefreshLease(clock, { maxWaitMs: 5_000 }) },
 * });
 * ```
 *
 * @see RFC 6749 §6 (Refreshing an Access Token): the grant a lease lets one caller make at a time.
 *
 * @group Stores
 */
export class MemoryRefreshLease implements RefreshLease {
  private readonly leases;
  /** How long a caller waits for another holder before its 503, in ms (the port's `maxWaitMs`). */
  readonly maxWaitMs?: number;

  /** `maxWaitMs`: how long a caller waits for another holder; default the core's 10 s. */
  constructor(clock: Clock, options: { maxWaitMs?: number } = {}) {
    refuseUnknownOptions(options, { maxWaitMs: true }, 'MemoryRefreshLease');
    this.leases = clockedLru<string, string>(clock, { max: 100_000, ttl: 1 });
    if (options.maxWaitMs !== undefined) this.maxWaitMs = options.maxWaitMs;
  }

  async acquire(key: string, ttlMs: number): Promise<string | null> {
    if (this.leases.has(key)) return null;
    const token = String(++counter);
    this.leases.set(key, token, { ttl: ttlMs });
    return token;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.leases.get(key) === token) this.leases.delete(key);
  }
}
