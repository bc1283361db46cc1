// Redis refresh leases: a key holding its holder's token, lapsing by itself, released only by that holder.
import { randomBytes } from 'node:crypto';
import type { RefreshLease } from '@identity-web/core/store';
import type { Keys } from './keys.js';
import { type RedisRunner, whole } from './redis-runner.js';
import { releaseLease } from './scripts.js';

/**
 * A lease is a key holding its holder's random token, set with `NX PX`, so it lapses by itself
 * if the holder dies; only the holder's token deletes it, so a holder that outlived its lease
 * cannot release the next holder's.
 */
export class RedisRefreshLease implements RefreshLease {
  constructor(
    private readonly redis: RedisRunner,
    private readonly keys: Keys,
    /** A caller waits for another holder no longer than for any store operation: `commandTimeoutMs`. */
    readonly maxWaitMs: number,
  ) {}

  acquire(name: string, ttlMs: number): Promise<string | null> {
    const key = this.keys.lease(name);
    const token = randomBytes(16).toString('base64url');
    return this.redis.run('lease acquire', async (redis) => {
      const reply = await redis.command(key, 'SET', key, token, 'NX', 'PX', whole(ttlMs));
      return reply === 'OK' ? token : null;
    });
  }

  async release(name: string, token: string): Promise<void> {
    const key = this.keys.lease(name);
    await this.redis.run('lease release', (redis) => redis.script(releaseLease, key, token));
  }
}
