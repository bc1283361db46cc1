// The in-memory token-cache store: encrypted partitions of one process, bounded, with compare-and-set writes.
import { clockedLru } from '../cache/lru.js';
import { optionalNumber } from '../domain/option-checks.js';
import { refuseUnknownOptions, type ShapeOf } from '../domain/option-keys.js';
import type { Clock } from '../ports/clock.port.js';
import type { TokenCacheStore, VersionedValue } from '../ports/token-cache-store.port.js';

/**
 * Options of {@link MemoryTokenCacheStore}.
 *
 * @example
 * ```ts
 * import { MemoryTokenCacheStore } from '@identity-web/core/store';
 *
 * const clock = { now: () => Date.now() };
 * const tokenCacheStore = new MemoryTokenCacheStore(clock, { maxEntries: 20_000, maxBytes: 64 * 1024 * 1024 });
 * ```
 *
 * @group Stores
 */
export interface MemoryTokenCacheStoreOptions {
  /** Most partitions kept, a positive integer. Default 100,000. */
  maxEntries?: number;
  /** Most bytes (UTF-16 code units of the encrypted blobs) kept, a positive integer. Default 256 MiB. */
  maxBytes?: number;
}

/**
 * Encrypted partitions in process memory with versioned compare-and-set.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { MemoryTokenCacheStore } from '@identity-web/core/store';
 *
 * const clock = { now: () => Date.now() };
 * const identity = createIdentityWeb({
 *   identityProvider,
 *   baseUrl,
 *   secret,
 *   clock,
 *   stores: { tokenCacheStore: new MemoryTokenCacheStore(clock, { maxBytes: 64 * 1024 * 1024 }) },
 * });
 * ```
 *
 * @group Stores
 */
export class MemoryTokenCacheStore implements TokenCacheStore {
  private readonly entries;

  constructor(clock: Clock, options: MemoryTokenCacheStoreOptions = {}) {
    refuseUnknownOptions(
      options,
      { maxEntries: true, maxBytes: true } satisfies ShapeOf<MemoryTokenCacheStoreOptions>,
      'MemoryTokenCacheStore',
    );
    this.entries = clockedLru<string, VersionedValue>(clock, {
      max: optionalNumber(options.maxEntries, 'maxEntries', 100_000, { min: 1, integer: true }),
      maxSize: optionalNumber(options.maxBytes, 'maxBytes', 256 * 1024 * 1024, { min: 1, integer: true }),
      sizeCalculation: (entry) => Math.max(1, entry.value.length),
      ttl: 1,
    });
  }

  async getPartition(key: string): Promise<VersionedValue | null> {
    return this.entries.get(key) ?? null;
  }

  async setPartition(
    key: string,
    value: VersionedValue,
    expectedVersion: string | null,
    ttlSeconds: number,
  ): Promise<boolean> {
    const current = this.entries.get(key)?.version ?? null;
    if (current !== expectedVersion) return false;
    this.entries.set(key, { value: value.value, version: value.version }, { ttl: ttlSeconds * 1000 });
    return true;
  }

  async countPartitions(): Promise<number> {
    return this.entries.size;
  }

  async deletePartition(key: string): Promise<boolean> {
    return this.entries.delete(key);
  }
}
