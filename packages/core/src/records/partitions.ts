// Token-cache partitions at rest: sealed to their key and version, written by compare-and-set.
import { randomId } from '../crypto/random.js';
import type { RecordCipher } from '../crypto/record-cipher.js';
import type { AccountRegistry, RegistryEntry } from '../ports/account-registry.port.js';
import type { Logger } from '../ports/logger.port.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';
import { retryPartitionWrite } from './partition-write-retry.js';

export interface Partition {
  readonly plaintext: string;
  readonly version: string;
}

/**
 * The sign-in a partition version descends from. A version is `<lineage>.<write id>`: a sign-in
 * starts a lineage, and every refresh written back keeps it, so a refresh that lost its
 * compare-and-set can tell a newer sign-in (another lineage: its tokens supersede ours) from
 * another refresh of the same sign-in. Versions written before lineages existed are their own.
 */
export function lineageOf(version: string): string {
  const dot = version.indexOf('.');
  return dot === -1 ? version : version.slice(0, dot);
}

/**
 * Where the core stores token-cache partitions. Each write picks a fresh random version and
 * seals the partition bound to (partition key, version): a blob copied to another account
 * fails to open, and so does an old blob written back under the current version (an attempt
 * to undo a removal through the store).
 */
export class Partitions {
  constructor(
    private readonly store: TokenCacheStore,
    private readonly cipher: RecordCipher,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** The partition, or `null` when there is none or it does not open (then it is deleted). */
  async read(key: string): Promise<Partition | null> {
    const entry = await this.store.getPartition(key);
    if (!entry) return null;
    const plaintext = await this.cipher.openOrNull(context(key, entry.version), entry.value);
    if (plaintext === null) {
      // Tampered, moved, restored or sealed with a retired secret: never served, never kept.
      this.logger.warn({}, 'identity-web: a token-cache partition did not decrypt and was dropped');
      await this.store.deletePartition(key);
      return null;
    }
    return { plaintext, version: entry.version };
  }

  /**
   * Returns the new version, or `null` when the partition changed or vanished meanwhile. The
   * new version keeps the lineage of `expectedVersion`; `lineage` starts another (a sign-in).
   */
  async write(
    key: string,
    plaintext: string,
    expectedVersion: string | null,
    lineage = expectedVersion === null ? randomId(8) : lineageOf(expectedVersion),
  ): Promise<string | null> {
    const version = `${lineage}.${randomId(16)}`;
    const value = await this.cipher.seal(context(key, version), plaintext);
    const written = await this.store.setPartition(key, { value, version }, expectedVersion, this.ttlSeconds);
    return written ? version : null;
  }

  /** Overwrites whatever is there in a new lineage (a fresh sign-in supersedes an older partition). */
  async replace(key: string, plaintext: string): Promise<void> {
    const lineage = randomId(8);
    await retryPartitionWrite(async () => {
      const current = await this.store.getPartition(key);
      return (await this.write(key, plaintext, current?.version ?? null, lineage)) === null ? undefined : true;
    }, 'token cache partition kept changing during sign-in');
  }

  remove(key: string): Promise<boolean> {
    return this.store.deletePartition(key);
  }
}

/**
 * The one removal race handler: removes the partition of `key` (when the tokens are kept at
 * all), then every registry entry that leads to it, then the partition again if an entry was
 * found. A sign-in (or an on-behalf-of grant) that recorded its entry just before
 * `forgetAccount` may have written its partition after the first removal; now that no entry
 * leads to it, it goes too (that sign-in then finds its entry gone and fails). `between` runs
 * once the partition is gone and before the registry is asked (the web app's invalidation
 * message, which must not wait on the registry). Idempotent; a store failure propagates, so a
 * removal that did not happen is never reported as done. Returns whether a partition existed
 * and the entries forgotten.
 */
export async function removeWithEntries(
  partitions: Pick<Partitions, 'remove'> | undefined,
  registry: Pick<AccountRegistry, 'forgetAccount'>,
  key: string,
  between?: () => Promise<void>,
): Promise<{ removed: boolean; entries: RegistryEntry[] }> {
  const removed = (await partitions?.remove(key)) ?? false;
  await between?.();
  const entries = await registry.forgetAccount(key);
  if (entries.length > 0) await partitions?.remove(key);
  return { removed, entries };
}

const context = (key: string, version: string) => `${key}\u0000${version}`;
