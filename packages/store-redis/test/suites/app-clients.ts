import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createRedisStores, type ExistingRedis } from '../../src/index.js';

/** Stores on a client the app created: they work through it and leave it open on close(). */
export function describeAppClient(name: string, make: () => ExistingRedis & { connect(): Promise<unknown> }): void {
  it(`works through an app's own ${name} and leaves it open`, async () => {
    const client = make();
    await client.connect();
    try {
      const stores = createRedisStores({ client, prefix: `iw-test:${randomUUID()}:` });
      await stores.sessionStore.setSession('s', 'record', 60);
      expect(await stores.sessionStore.getSession('s')).toBe('record');
      expect(await stores.tokenCacheStore.setPartition('k', { value: 'v', version: '1' }, null, 60)).toBe(true);
      const seen: unknown[] = [];
      stores.invalidationBus.subscribe((message) => seen.push(message));
      await stores.invalidationBus.publish({ type: 'session-ended', sessionId: 's' });
      for (let i = 0; i < 50 && seen.length === 0; i++) await sleep(20);
      expect(seen).toEqual([{ type: 'session-ended', sessionId: 's' }]);
      await stores.close();
      expect(client.isOpen).toBe(true);
    } finally {
      client.destroy();
    }
  });
}
