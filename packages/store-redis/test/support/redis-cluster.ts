import { setTimeout as sleep } from 'node:timers/promises';
import { redisCli } from './redis-cli.js';
import { type RedisServer, startRedisServer } from './redis-server.js';

/** A private Redis Cluster on 127.0.0.1: masters, and replicas if asked for. */
export interface RedisClusterHandle {
  /** Every node: the masters first, then the replicas (as created; a failover swaps roles). */
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

/**
 * Starts `masters × (1 + replicas)` cluster-enabled servers, joins them with
 * `redis-cli --cluster create`, and waits until the cluster is ok (and every replica is in sync).
 */
export async function startRedisCluster(masters = 3, replicas = 0): Promise<RedisClusterHandle> {
  const nodes: RedisServer[] = [];
  const stop = () => Promise.all(nodes.map((node) => node.stop())).then(() => undefined);
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      nodes.push(await startRedisServer({ cluster: true }));
    }
    const addresses = nodes.map((node) => node.address);
    await redisCli(
      nodes[0]!.port,
      ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes'],
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
    if (replicas > 0) await inSync(nodes, masters * replicas);
    return handle;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Waits (bounded) until `count` replicas report their link to the master up. */
async function inSync(nodes: readonly RedisServer[], count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const infos = await Promise.all(nodes.map((n) => redisCli(n.port, ['INFO', 'replication']).catch(() => '')));
    if (infos.filter((info) => info.includes('master_link_status:up')).length >= count) return;
    await sleep(50);
  }
  throw new Error(`fewer than ${count} replicas in sync within 10 s`);
}

/** A node that answers, to ask about the cluster (the first one may be the one a test killed). */
async function liveNode(cluster: RedisClusterHandle): Promise<RedisServer> {
  for (const node of cluster.nodes) {
    if ((await redisCli(node.port, ['PING'], 1000).catch(() => '')).trim() === 'PONG') return node;
  }
  throw new Error('no cluster node answers');
}

/** The slot of a key, as the cluster computes it. */
export async function keySlot(node: RedisServer, key: string): Promise<number> {
  return Number((await redisCli(node.port, ['CLUSTER', 'KEYSLOT', key])).trim());
}

/** The node that serves `key`'s slot, from `CLUSTER NODES` (`... master - 0 0 1 connected 0-5460`). */
export async function ownerOf(cluster: RedisClusterHandle, key: string): Promise<RedisServer> {
  const asked = await liveNode(cluster);
  const slot = await keySlot(asked, key);
  const table = await redisCli(asked.port, ['CLUSTER', 'NODES']);
  for (const line of table.trim().split('\n')) {
    const [, address, flags = '', , , , , , ...ranges] = line.split(' ');
    if (!flags.includes('master') || flags.includes('fail')) continue;
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

/** The replicas of `master`, from its own `CLUSTER REPLICAS`. */
export async function replicasOf(cluster: RedisClusterHandle, master: RedisServer): Promise<RedisServer[]> {
  const id = (await redisCli(master.port, ['CLUSTER', 'MYID'])).trim();
  const table = await redisCli(master.port, ['CLUSTER', 'REPLICAS', id]);
  const ports = [...table.matchAll(/127\.0\.0\.1:(\d+)@/g)].map((m) => Number(m[1]));
  return cluster.nodes.filter((node) => ports.includes(node.port));
}
