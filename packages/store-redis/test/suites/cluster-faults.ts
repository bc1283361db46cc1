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
      // The tight deadline is for the fault: a fresh cluster's first write may outlast it.
      await eventually(() => stores.sessionStore.setSession('s', 'record', 60));
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

  it('starts while no node answers: fails in time, then discovers the cluster by itself once it is back', async () => {
    const cluster = await startRedisCluster(3);
    try {
      await Promise.all(cluster.nodes.map((node) => node.kill()));
      const stores = createRedisStores({
        cluster: { rootNodes: cluster.rootNodes },
        prefix: `iw-test:${randomUUID()}:`,
        commandTimeoutMs: TIMEOUT,
        connectTimeoutMs: TIMEOUT,
        maxReconnectDelayMs: 200,
      });
      try {
        await expectUnavailable(() => stores.replayCache.putIfAbsent('jti', 60));
        await Promise.all(cluster.nodes.map((node) => node.start()));
        expect(await eventually(() => stores.replayCache.putIfAbsent('jti', 60))).toBe(true);
        expect(await stores.replayCache.has('jti')).toBe(true);
      } finally {
        await stores.close();
      }
    } finally {
      await cluster.stop();
    }
  });
}
