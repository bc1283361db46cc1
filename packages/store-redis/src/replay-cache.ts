// The Redis replay cache: one-time values set with `SET NX EX`, so of two deliveries exactly one is new.
import type { ReplayCache } from '@identity-web/core/store';
import type { Keys } from './keys.js';
import { type RedisRunner, whole } from './redis-runner.js';

/** One-time values as `SET NX EX`: atomic, so of two concurrent deliveries exactly one is new. */
export class RedisReplayCache implements ReplayCache {
  constructor(
    private readonly redis: RedisRunner,
    private readonly keys: Keys,
  ) {}

  has(value: string): Promise<boolean> {
    const key = this.keys.replay(value);
    return this.redis.run('replay has', async (redis) => (await redis.command(key, 'EXISTS', key)) === 1);
  }

  putIfAbsent(value: string, ttlSeconds: number): Promise<boolean> {
    const key = this.keys.replay(value);
    return this.redis.run('replay putIfAbsent', async (redis) => {
      const fresh = (await redis.command(key, 'SET', key, '1', 'NX', 'EX', whole(ttlSeconds))) === 'OK';
      await redis.replicate(key);
      return fresh;
    });
  }
}
