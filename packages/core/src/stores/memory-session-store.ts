// The in-memory session store: encrypted session records of one instance, bounded and expiring.
import { clockedLru } from '../cache/lru.js';
import { optionalNumber } from '../domain/option-checks.js';
import { refuseUnknownOptions, type ShapeOf } from '../domain/option-keys.js';
import type { Clock } from '../ports/clock.port.js';
import type { SessionStore } from '../ports/session-store.port.js';

/**
 * Options of {@link MemorySessionStore}.
 *
 * @example
 * ```ts
 * import { MemorySessionStore } from '@identity-web/core/store';
 *
 * const sessionStore = new MemorySessionStore({ now: () => Date.now() }, { maxSessions: 20_000 });
 * ```
 *
 * @group Stores
 */
export interface MemorySessionStoreOptions {
  /** Most sessions kept; the least recently used go first. Default 100,000. */
  maxSessions?: number;
}

/**
 * Encrypted session records in process memory, bounded and TTL-aware; O(1) per operation.
 * Fits one instance; several instances need a shared store (`@identity-web/redis`).
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { MemorySessionStore } from '@identity-web/core/store';
 *
 * const clock = { now: () => Date.now() };
 * const identity = createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   clock,
 *   stores: { sessionStore: new MemorySessionStore(clock, { maxSessions: 20_000 }) },
 * });
 * ```
 *
 * @group Stores
 */
export class MemorySessionStore implements SessionStore {
  private readonly records;

  constructor(clock: Clock, options: MemorySessionStoreOptions = {}) {
    refuseUnknownOptions(
      options,
      { maxSessions: true } satisfies ShapeOf<MemorySessionStoreOptions>,
      'MemorySessionStore',
    );
    this.records = clockedLru<string, string>(clock, {
      max: optionalNumber(options.maxSessions, 'maxSessions', 100_000, { min: 1, integer: true }),
      ttl: 1,
    });
  }

  async getSession(id: string): Promise<string | null> {
    return this.records.get(id) ?? null;
  }

  async setSession(id: string, record: string, ttlSeconds: number): Promise<void> {
    this.records.set(id, record, { ttl: ttlSeconds * 1000 });
  }

  async deleteSession(id: string): Promise<boolean> {
    return this.records.delete(id);
  }

  async countSessions(): Promise<number> {
    return this.records.size;
  }
}
