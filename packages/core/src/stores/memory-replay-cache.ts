// The in-memory replay cache: one-time values seen by this process, bounded so a flood evicts the oldest.
import { clockedLru } from '../cache/lru.js';
import { optionalNumber } from '../domain/option-checks.js';
import { refuseUnknownOptions } from '../domain/option-keys.js';
import type { Clock } from '../ports/clock.port.js';
import type { ReplayCache } from '../ports/replay-cache.port.js';

/**
 * One-time values in process memory; bounded, so a flood evicts the oldest first.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { MemoryReplayCache } from '@identity-web/core/store';
 *
 * const clock = { now: () => Date.now() };
 * const identity = createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   clock,
 *   stores: { replayCache: new MemoryReplayCache(clock, { maxEntries: 10_000 }) },
 * });
 * ```
 *
 * @see OpenID Connect Back-Channel Logout 1.0 §2.6 (Logout Token Validation): a logout token's
 * `jti` is accepted once.
 *
 * @group Stores
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly seen;
  /** The most entries it keeps (`options.maxEntries`, 100,000 by default). */
  readonly maxEntries: number;

  constructor(clock: Clock, options: { maxEntries?: number } = {}) {
    refuseUnknownOptions(options, { maxEntries: true }, 'MemoryReplayCache');
    this.maxEntries = optionalNumber(options.maxEntries, 'maxEntries', 100_000, { min: 1, integer: true });
    this.seen = clockedLru<string, true>(clock, { max: this.maxEntries, ttl: 1 });
  }

  /** Whether the key is remembered, at once. */
  has(key: string): boolean {
    return this.seen.has(key);
  }

  async putIfAbsent(key: string, ttlSeconds: number): Promise<boolean> {
    if (this.seen.has(key)) return false;
    this.seen.set(key, true, { ttl: ttlSeconds * 1000 });
    return true;
  }
}
