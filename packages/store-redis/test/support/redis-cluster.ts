import { setTimeout as sleep } from 'node:timers/promises';
import { redisCli } from './redis-cli.js';
import { freePort, type RedisServer, startRedisServer } from './redis-server.js';

/** A private Redis Cluster of masters only (no replicas) on 127.0.0.1. */
export interface RedisClusterHandle {
  readonly nodes: readonly RedisServer[];
  /** `redis://` URLs of every node, for `cluster.rootNodes`. */
  readonly rootNodes: readonly string[];
  /** Waits until every running node reports `cluster_state:ok` (bounded). */
  waitUntilOk(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function nodeOk(node: RedisServer): Promise<boolean> {
  const info = await redisCli(node.port, ['CLUSTER', 'INFO'], 2000).catch(() => '');
  return info.includes('cluster_state:ok');
}

/** Starts `masters` cluster-enabled servers, joins them with `redis-cli --cluster create`, and waits until the cluster is ok. */
export async function startRedisCluster(masters = 3): Promise<RedisClusterHandle> {
  const nodes: RedisServer[] = [];
  const stop = () => Promise.all(nodes.map((node) => node.stop())).then(() => undefined);
  try {
    for (let i = 0; i < masters; i++) {
      nodes.push(await startRedisServer({ clusterBusPort: await freePort() }));
    }
    const addresses = nodes.map((node) => node.address);
    await redisCli(
      nodes[0]!.port,
      ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'],
      30_000,
    );
    const handle: RedisClusterHandle = {
      nodes,
      rootNodes: nodes.map((node) => node.url),
      async waitUntilOk(timeoutMs = 15_000) {
        const until = Date.now() + timeoutMs;
        while (Date.now() < until) {
          const states = await Promise.all(nodes.map(nodeOk));
          if (states.every(Boolean)) return;
          await sleep(100);
        }
        throw new Error(`the cluster was not ok within ${timeoutMs} ms`);
      },
      stop,
    };
    await handle.waitUntilOk();
    return handle;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The slot of a key, as the cluster computes it. */
export async function keySlot(node: RedisServer, key: string): Promise<number> {
  return Number((await redisCli(node.port, ['CLUSTER', 'KEYSLOT', key])).trim());
}

/** The node that serves `key`'s slot, from `CLUSTER NODES` (`... master - 0 0 1 connected 0-5460`). */
export async function ownerOf(cluster: RedisClusterHandle, key: string): Promise<RedisServer> {
  const slot = await keySlot(cluster.nodes[0]!, key);
  const table = await redisCli(cluster.nodes[0]!.port, ['CLUSTER', 'NODES']);
  for (const line of table.trim().split('\n')) {
    const [, address, , , , , , , ...ranges] = line.split(' ');
    const port = Number(address?.split('@')[0]?.split(':')[1]);
    const serves = ranges.some((range) => {
      const [from, to = from] = range.split('-').map(Number);
      return from !== undefined && to !== undefined && slot >= from && slot <= to;
    });
    const node = cluster.nodes.find((n) => n.port === port);
    if (serves && node) return node;
  }
  throw new Error(`no node serves slot ${slot}`);
}
