import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { createRedisStores } from '../../src/index.js';
import { Keys } from '../../src/keys.js';
import { eventually, expectUnavailable, TIMEOUT } from '../support/in-time.js';
import { ownerOf, startRedisCluster } from '../support/redis-cluster.js';

/** A cluster of its own, since a master goes down. */
export function describeClusterFaults(): void {
  it('fails in time while a master is down, and works again within 5 s of its restart', async () => {
    const cluster = await startRedisCluster(3);
    const prefix = `iw-test:${randomUUID()}:`;
    const stores = createRedisStores({
      cluster: { rootNodes: cluster.rootNodes },
      prefix,
      commandTimeoutMs: TIMEOUT,
      connectTimeoutMs: TIMEOUT,
      maxReconnectDelayMs: 200,
    });
    try {
      await stores.sessionStore.setSession('s', 'record', 60);
      const victim = await ownerOf(cluster, new Keys(prefix).session('s'));
      await victim.kill();
      await expectUnavailable(() => stores.sessionStore.getSession('s'));
      // It comes back with its cluster identity (nodes.conf in its directory) but empty: no persistence.
      await victim.start();
      // A restarted master waits one cluster-node-timeout (2 s here) before it serves again.
      await eventually(() => stores.sessionStore.setSession('s', 'again', 60));
      expect(await stores.sessionStore.getSession('s')).toBe('again');
    } finally {
      await stores.close();
      await cluster.stop();
    }
  });
}
