// The Redis token-cache store: value and version in one hash, written only by a compare-and-set script.
import type { TokenCacheStore, VersionedValue } from '@identity-web/core/store';
import type { Keys } from './keys.js';
import { type RedisRunner, whole } from './redis-runner.js';
import { compareAndSetPartition } from './scripts.js';

/**
 * Token-cache partitions: value and version in one hash, written only by a compare-and-set
 * script, so a refresh that read a version cannot write over a newer one or bring back a
 * deleted partition.
 */
export class RedisTokenCacheStore implements TokenCacheStore {
  constructor(
    private readonly redis: RedisRunner,
    private readonly keys: Keys,
  ) {}

  getPartition(name: string): Promise<VersionedValue | null> {
    const key = this.keys.partition(name);
    return this.redis.run('getPartition', async (redis) => {
      const reply = await redis.command(key, 'HMGET', key, 'val', 'ver');
      const [value, version] = Array.isArray(reply) ? reply : [];
      return typeof value === 'string' && typeof version === 'string' ? { value, version } : null;
    });
  }

  setPartition(
    name: string,
    value: VersionedValue,
    expectedVersion: string | null,
    ttlSeconds: number,
  ): Promise<boolean> {
    const key = this.keys.partition(name);
    const args = [expectedVersion === null ? '1' : '0', expectedVersion ?? '', value.version, value.value];
    return this.redis.run('setPartition', async (redis) => {
      const written = (await redis.script(compareAndSetPartition, key, ...args, whole(ttlSeconds))) === 1;
      // A refresh's partition holds the rotated refresh token: the old one is spent at the IdP.
      if (written) await redis.replicate(key);
      return written;
    });
  }

  deletePartition(name: string): Promise<boolean> {
    const key = this.keys.partition(name);
    return this.redis.run('deletePartition', async (redis) => {
      const deleted = (await redis.command(key, 'DEL', key)) === 1;
      await redis.replicate(key);
      return deleted;
    });
  }
}
