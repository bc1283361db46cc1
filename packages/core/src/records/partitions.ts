import { randomId } from '../crypto/random.js';
import type { RecordCipher } from '../crypto/record-cipher.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { Logger } from '../ports/logger.port.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';

export interface Partition {
  readonly plaintext: string;
  readonly version: string;
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

  /** Returns the new version, or `null` when the partition changed or vanished meanwhile. */
  async write(key: string, plaintext: string, expectedVersion: string | null): Promise<string | null> {
    const version = randomId(16);
    const value = await this.cipher.seal(context(key, version), plaintext);
    const written = await this.store.setPartition(key, { value, version }, expectedVersion, this.ttlSeconds);
    return written ? version : null;
  }

  /** Overwrites whatever is there (a fresh sign-in supersedes an older partition). */
  async replace(key: string, plaintext: string): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.store.getPartition(key);
      if ((await this.write(key, plaintext, current?.version ?? null)) !== null) return;
    }
    throw new IdentityWebError(ErrorCode.StoreConflict, 'token cache partition kept changing during sign-in', {
      status: 503,
    });
  }

  remove(key: string): Promise<boolean> {
    return this.store.deletePartition(key);
  }
}

const context = (key: string, version: string) => `${key}\u0000${version}`;
