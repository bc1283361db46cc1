import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createRedisStores, type RedisStores } from '../../src/index.js';
import { keysWithTtl } from '../support/keyspace.js';
import type { Connect } from '../support/store-fixtures.js';

/** Writes through every port and leaves the data in place. */
async function writeEverything(stores: RedisStores): Promise<void> {
  await stores.sessionStore.setSession('s1', 'sealed', 60);
  await stores.tokenCacheStore.setPartition('acct', { value: 'v', version: '1' }, null, 60);
  await stores.accountRegistry.recordSignIn(
    { issuer: 'https://idp.test', subject: 'alice', sid: 'x', accountKey: 'acct', sessionId: 's1' },
    60,
  );
  await stores.accountRegistry.recordSignIn(
    { issuer: 'https://idp.test', subject: 'alice', accountKey: 'acct', sessionId: 's2' },
    60,
  );
  await stores.accountRegistry.touchAccount('acct', 120);
  await stores.replayCache.putIfAbsent('https://idp.test\u0000jti', 60);
  await stores.refreshLease.acquire('acct', 10_000);
}

/** Properties of the keys themselves: what a look into Redis finds after the stores wrote. */
export function describeKeyLayout(connect: Connect, urls: () => readonly string[]): void {
  it('gives every key it writes a TTL (nothing lives forever), and forgetting leaves no registry key behind', async () => {
    const prefix = `iw-test:${randomUUID()}:`;
    const stores = createRedisStores({ ...connect(), prefix });
    try {
      await writeEverything(stores);
      const scan = async () => {
        const all = new Map<string, number>();
        for (const url of urls()) for (const [key, ttl] of await keysWithTtl(url, prefix)) all.set(key, ttl);
        return all;
      };
      const keys = await scan();
      // session, partition, account hash and its order, (iss, sid) and (iss, sub) indexes, replay, lease
      expect(keys.size).toBe(8);
      for (const [key, ttl] of keys) expect(ttl, key).toBeGreaterThan(0);
      expect((await stores.accountRegistry.forgetAccount('acct')).map((e) => e.sessionId).sort()).toEqual(['s1', 's2']);
      expect((await scan()).size).toBe(4);
    } finally {
      await stores.close();
    }
  });
}
