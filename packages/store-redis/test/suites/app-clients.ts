import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect, it } from 'vitest';
import { createRedisStores, type ExistingRedis } from '../../src/index.js';
import { Keys } from '../../src/keys.js';

/** Stores on a client the app created: they work through it and leave it open on close(). */
export function describeAppClient(
  name: string,
  make: () => ExistingRedis & { connect(): Promise<unknown> },
  subscribers: (channel: string) => Promise<number>,
): void {
  it(`works through an app's own ${name} and leaves it open`, async () => {
    const client = make();
    await client.connect();
    try {
      const prefix = `iw-test:${randomUUID()}:`;
      const stores = createRedisStores({ client, prefix });
      await stores.sessionStore.setSession('s', 'record', 60);
      expect(await stores.sessionStore.getSession('s')).toBe('record');
      expect(await stores.tokenCacheStore.setPartition('k', { value: 'v', version: '1' }, null, 60)).toBe(true);
      const seen: unknown[] = [];
      stores.invalidationBus.subscribe((message) => seen.push(message));
      await stores.invalidationBus.publish({ type: 'session-ended', sessionId: 's' });
      for (let i = 0; i < 50 && seen.length === 0; i++) await sleep(20);
      expect(seen).toEqual([{ type: 'session-ended', sessionId: 's' }]);
      const channel = new Keys(prefix).channel;
      expect(await subscribers(channel)).toBe(1);
      await stores.close();
      expect(client.isOpen).toBe(true);
      expect(await subscribers(channel)).toBe(0);
    } finally {
      client.destroy();
    }
  });
}
