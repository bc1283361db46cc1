/**
 * A stored value and the version that a compare-and-set must name.
 *
 * @group Store ports
 */
export interface VersionedValue {
  /** The stored (encrypted) value. */
  readonly value: string;
  /** Chosen by the core (random, never reused); the value is encrypted bound to it. */
  readonly version: string;
}

/**
 * Encrypted token-cache partitions. `setPartition` is a compare-and-set: a refresh that read
 * version v and finishes after the account was removed (or rewritten) must not write (the
 * "resurrection" race). The core picks each new version and binds the encrypted value to it,
 * so a value written back under another version (a restored old value) fails to decrypt.
 *
 * @group Store ports
 */
export interface TokenCacheStore {
  /** The account's partition and its version, or `null` when none is cached. */
  getPartition(key: string): Promise<VersionedValue | null>;
  /**
   * Writes `value` as `version` when the current version equals `expectedVersion` (`null`: the
   * key must not exist). Returns whether it wrote; `false` when the compare failed.
   */
  setPartition(
    key: string,
    value: VersionedValue,
    expectedVersion: string | null,
    ttlSeconds: number,
  ): Promise<boolean>;
  /** Returns whether something was deleted. */
  deletePartition(key: string): Promise<boolean>;
  /** Partitions held (may include expired ones not yet evicted); optional, for metrics. */
  countPartitions?(): Promise<number>;
}
