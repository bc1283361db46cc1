// The Redis session store: sealed session records as plain strings with a TTL, one command per operation.
import type { SessionStore } from '@identity-web/core/store';
import type { Keys } from './keys.js';
import { type RedisRunner, whole } from './redis-runner.js';

/** Sealed session records as plain strings with a TTL: one command per operation. */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisRunner,
    private readonly keys: Keys,
  ) {}

  getSession(id: string): Promise<string | null> {
    const key = this.keys.session(id);
    return this.redis.run('getSession', async (redis) => {
      const value = await redis.command(key, 'GET', key);
      return typeof value === 'string' ? value : null;
    });
  }

  async setSession(id: string, record: string, ttlSeconds: number): Promise<void> {
    const key = this.keys.session(id);
    await this.redis.run('setSession', (redis) => redis.command(key, 'SET', key, record, 'EX', whole(ttlSeconds)));
  }

  deleteSession(id: string): Promise<boolean> {
    const key = this.keys.session(id);
    return this.redis.run('deleteSession', async (redis) => {
      const deleted = (await redis.command(key, 'DEL', key)) === 1;
      await redis.replicate(key);
      return deleted;
    });
  }
}
