// The token-cache store over Durable Objects, one per partition, with the compare-and-set run inside it.
import type { TokenCacheStore, VersionedValue } from '@identity-web/core/store';
import { attempt, type StateObjects, ttlMs } from './state-objects.js';

/**
 * Sealed token-cache partitions, one Durable Object per partition key. The version the core chose
 * is the record's tag, so the compare-and-set runs inside the object in one request.
 */
export class DurableTokenCacheStore implements TokenCacheStore {
  constructor(private readonly objects: StateObjects) {}

  async getPartition(key: string): Promise<VersionedValue | null> {
    const record = await attempt('getPartition', () => this.objects.of('partition', key).read());
    return typeof record?.value === 'string' ? { value: record.value, version: record.tag } : null;
  }

  async setPartition(
    key: string,
    value: VersionedValue,
    expectedVersion: string | null,
    ttlSeconds: number,
  ): Promise<boolean> {
    const ttl = ttlMs(ttlSeconds);
    return attempt('setPartition', () =>
      this.objects.of('partition', key).writeIf(value.value, value.version, ttl, expectedVersion),
    );
  }

  deletePartition(key: string): Promise<boolean> {
    return attempt('deletePartition', () => this.objects.of('partition', key).remove());
  }
}
