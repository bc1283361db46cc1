import { setTimeout as sleep } from 'node:timers/promises';
import { Browser } from '@identity-web-examples/example-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../src/index.js';
import {
  type PrivateRedisCluster,
  type PrivateRedisNode,
  startPrivateRedisCluster,
} from '../src/private-redis-cluster.js';
import { median, type Sample, signInToBoth, startLoad } from './support/load.js';
import { redisServerAvailable } from './support/redis-available.js';

const BEFORE_MS = 1000;
/** How long the load goes on after the kill. */
const AFTER_MS = 10_000;
/** The end of the load that must be all 200. */
const LAST_MS = 2000;

/** `createRedisStores`' default `commandTimeoutMs`, which the example apps keep. */
const DEFAULT_DEADLINE_MS = 2000;
/** What a request may take beyond the deadline on this loaded machine. */
const SLACK_MS = 1000;

/**
 * The keys every request of the load reads (the store's key layout): sessions, `…:s:<id>`, and
 * token-cache partitions, `…{a:<account>}:t`.
 */
const READ_BY_THE_LOAD = /:s:|\}:t$/;

// Both example apps on a Redis Cluster of three masters with a replica each, a signed-in user
// each, under a steady load of requests that need Redis (`/cache.json` reads the token cache) and
// requests it may serve from memory (`/call-api`), while the master holding most of the keys the
// load reads is killed (SIGKILL) and its replica takes over (cluster-node-timeout 2 s).

/** The master holding the most keys the load reads, then the most keys: the one to kill. */
async function busiestMaster(cluster: PrivateRedisCluster): Promise<{ node: PrivateRedisNode; keys: string[] }> {
  const masters = await cluster.masters();
  expect(masters).toHaveLength(3);
  const held = await Promise.all(
    masters.map(async (node) => {
      const keys = (await node.command('KEYS', '*')).split('\n').filter(Boolean);
      return { node, keys, read: keys.filter((key) => READ_BY_THE_LOAD.test(key)).length };
    }),
  );
  held.sort((a, b) => b.read - a.read || b.keys.length - a.keys.length);
  return held[0]!;
}

/** The replica of `master`, from its `INFO replication` (`slave0:ip=127.0.0.1,port=…`). */
async function replicaOf(cluster: PrivateRedisCluster, master: PrivateRedisNode): Promise<PrivateRedisNode> {
  const port = Number(/slave0:ip=[^,]+,port=(\d+)/.exec(await master.command('INFO', 'replication'))?.[1]);
  const replica = cluster.nodes.find((node) => node.port === port);
  if (replica === undefined) throw new Error(`no replica of :${master.port}`);
  return replica;
}

describe.runIf(redisServerAvailable())('the example apps while a Redis Cluster master fails over under load', () => {
  let cluster: PrivateRedisCluster | undefined;
  let demo: Demo | undefined;
  const browser = new Browser('frank');
  const samples: Sample[] = [];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  let killedAt = 0;
  let killed: { node: PrivateRedisNode; keys: string[] };
  let mastersAfter: readonly PrivateRedisNode[] = [];
  /** When the killed master's replica answered `ROLE` as master, in ms after the kill. */
  let promotedAfter: number | undefined;

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    cluster = await startPrivateRedisCluster(3, 1);
    demo = await startDemo({
      ports: { idp: 0, api: 0, koa: 0, hono: 0, express: 0, fastify: 0, koa2: 0 },
      redis: { clusterNodes: cluster.urls },
      logLevel: 'silent',
    });
    await signInToBoth(browser, demo.urls, 'Hello Frank');
    killed = await busiestMaster(cluster);
    expect(killed.keys.filter((key) => READ_BY_THE_LOAD.test(key)).length).toBeGreaterThan(0);
    const replica = await replicaOf(cluster, killed.node);

    const load = startLoad(browser, demo.urls, samples);
    // Asks the replica its role every 100 ms once the master is killed, until it says master.
    const watchReplica = async () => {
      while (load.running && promotedAfter === undefined) {
        const role = await replica.command('ROLE').catch(() => '');
        if (role.startsWith('master')) promotedAfter = load.now() - killedAt;
        else await sleep(100);
      }
    };
    try {
      await sleep(BEFORE_MS);
      killedAt = load.now();
      await killed.node.kill();
      load.alongside(watchReplica());
      await sleep(killedAt + AFTER_MS - load.now());
    } finally {
      await load.stop();
    }
    mastersAfter = await cluster.masters();
  }, 90_000);
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await demo?.stop();
    await cluster?.stop();
  });

  it('failed the master over to its replica, and some requests met the failover', () => {
    expect(promotedAfter).toBeDefined();
    expect(mastersAfter).toHaveLength(3);
    expect(mastersAfter).not.toContain(killed.node);
    expect(samples.filter((s) => s.at >= killedAt && s.status === 503).length).toBeGreaterThan(0);
  });

  describe.each(['koa', 'hono'] as const)('%s', (app) => {
    const mine = () => samples.filter((s) => s.app === app);

    it('answers only 200 or 503, every 503 with Retry-After, and nothing went unhandled', () => {
      expect(mine().length).toBeGreaterThan(100);
      for (const s of mine()) expect([200, 503]).toContain(s.status);
      for (const s of mine().filter((s) => s.status === 503)) expect(s.retryAfter).toBe('5');
      expect(rejections).toEqual([]);
    });

    it('never waits beyond the Redis command deadline, and serves the user again well before the load ends', () => {
      const slowest = Math.max(...mine().map((s) => s.ms));
      expect(slowest).toBeLessThan(DEFAULT_DEADLINE_MS + SLACK_MS);
      // The user kept session and tokens across the failover: the last requests are all 200.
      const end = killedAt + AFTER_MS;
      const last = mine().filter((s) => s.at >= end - LAST_MS);
      expect(last.length).toBeGreaterThan(10);
      expect(last.filter((s) => s.status !== 200)).toEqual([]);

      const failures = mine().filter((s) => s.at >= killedAt && s.status !== 200);
      const back = failures.length === 0 ? 0 : Math.max(...failures.map((s) => s.at + s.ms)) - killedAt;
      // The failover window: from the kill until the last answer that was not 200 (or the whole
      // load after the kill when there was none).
      const window = mine().filter((s) => s.at >= killedAt && s.at < killedAt + (back || AFTER_MS));
      const before = mine().filter((s) => s.at < killedAt && s.status === 200);
      const ownKeys = killed.keys.filter((key) => READ_BY_THE_LOAD.test(key)).length;
      console.info(
        `${app} on a Redis Cluster, master :${killed.node.port} killed (it held ${killed.keys.length} keys of both apps, ${ownKeys} of them read by the load): ` +
          `${failures.filter((s) => s.status === 503).length} 503s of ${window.length} requests in the failover window; ` +
          `median ${median(window.map((s) => s.ms)).toFixed(1)} ms, slowest ${Math.max(...window.map((s) => s.ms)).toFixed(1)} ms ` +
          `(${median(before.map((s) => s.ms)).toFixed(1)} ms median before); ` +
          `replica seen as master (asked every 100 ms) ${promotedAfter?.toFixed(0)} ms, ${app} served again ${back.toFixed(0)} ms after the kill`,
      );
    });
  });
});
