// The in-process invalidation bus: fans a message out to this process's listeners only.
import type { Invalidation, InvalidationBus } from '../ports/invalidation-bus.port.js';

/**
 * Fan-out within one process. Several instances need a shared bus (Redis pub/sub).
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import {
 *   MemoryAccountRegistry,
 *   MemoryInvalidationBus,
 *   MemorySessionStore,
 *   MemoryTokenCacheStore,
 * } from '@identity-web/core/store';
 *
 * // Two instances of one app in one process (a test of several instances) on one set of stores:
 * // a session ended or an account removed through one is dropped from the other's memory too.
 * const clock = { now: () => Date.now() };
 * const stores = {
 *   sessionStore: new MemorySessionStore(clock),
 *   tokenCacheStore: new MemoryTokenCacheStore(clock),
 *   accountRegistry: new MemoryAccountRegistry(clock),
 *   invalidationBus: new MemoryInvalidationBus(),
 * };
 * const first = createIdentityWeb({ identityProvider, baseUrl, secret, clock, stores });
 * const second = createIdentityWeb({ identityProvider, baseUrl, secret, clock, stores });
 * ```
 *
 * @group Stores
 */
export class MemoryInvalidationBus implements InvalidationBus {
  private readonly listeners = new Set<(message: Invalidation) => void>();

  async publish(message: Invalidation): Promise<void> {
    for (const listener of this.listeners) listener(message);
  }

  subscribe(listener: (message: Invalidation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
