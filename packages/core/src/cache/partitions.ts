import type { CacheCipher } from '../crypto/cache-cipher.js';
import { ErrorCode, IdentityWebError } from '../domain/errors.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';

export interface Partition {
  readonly plaintext: string;
  readonly version: string;
}

/**
 * Where the core stores partitions: encrypts on the way in (partition key as AAD), decrypts
 * on the way out, and keeps the store's version for compare-and-set.
 */
export class Partitions {
  constructor(
    private readonly store: TokenCacheStore,
    private readonly cipher: CacheCipher,
    private readonly ttlSeconds: number,
  ) {}

  async read(key: string): Promise<Partition | null> {
    const entry = await this.store.getPartition(key);
    if (!entry) return null;
    return { plaintext: await this.cipher.decrypt(key, entry.value), version: entry.version };
  }

  /** Returns the new version, or `null` when the partition changed or vanished meanwhile. */
  async write(key: string, plaintext: string, expectedVersion: string | null): Promise<string | null> {
    const sealed = await this.cipher.encrypt(key, plaintext);
    return this.store.setPartition(key, sealed, expectedVersion, this.ttlSeconds);
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
