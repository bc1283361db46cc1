/** A stored value and the version that a compare-and-set must name. */
export interface VersionedValue {
  readonly value: string;
  /** Opaque; never reused for the same key, even after a delete. */
  readonly version: string;
}

/**
 * Encrypted token-cache partitions. `setPartition` is a compare-and-set: a refresh that
 * read version v and finishes after the account was removed (or rewritten) must not write
 * (the "resurrection" race).
 */
export interface TokenCacheStore {
  getPartition(key: string): Promise<VersionedValue | null>;
  /**
   * Writes when the current version equals `expectedVersion` (`null`: the key must not
   * exist). Returns the new version, or `null` when the compare failed.
   */
  setPartition(key: string, value: string, expectedVersion: string | null, ttlSeconds: number): Promise<string | null>;
  /** Returns whether something was deleted. */
  deletePartition(key: string): Promise<boolean>;
  /** Partitions held (may include expired ones not yet evicted); optional, for metrics. */
  countPartitions?(): Promise<number>;
}
