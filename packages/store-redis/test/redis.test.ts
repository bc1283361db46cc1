import { describeApiStoreScenarios, describeStoreSetContract } from '@identity-web/core/testing';
import { createClient, createCluster } from 'redis';
import { afterAll, beforeAll, describe } from 'vitest';
import { describeAppClient } from './suites/app-clients.js';
import { describeAppsSideBySide } from './suites/apps-side-by-side.js';
import { describeClusterBehaviour } from './suites/cluster.js';
import { describeClusterFaults } from './suites/cluster-faults.js';
import { describeFaults } from './suites/faults.js';
import { describeKeyLayout } from './suites/key-layout.js';
import { describeEvictionWarning, describeRegistryBounds, describeUpgradedHash } from './suites/registry-bounds.js';
import { redisAvailable } from './support/availability.js';
import { redisCli } from './support/redis-cli.js';
import { ownerOf, type RedisClusterHandle, startRedisCluster } from './support/redis-cluster.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';
import { redisStoreSet } from './support/store-fixtures.js';

// The tests that need a real Redis, behind one file, so a machine without redis-server prints a
// single line and the servers are started once. The failover and the 10,000-sign-in flood run in
// the long suite (redis.long.test.ts, `pnpm test:long`).
describe.runIf(redisAvailable())('@identity-web/redis on real servers', () => {
  let server: RedisServer;
  let cluster: RedisClusterHandle;
  beforeAll(async () => {
    [server, cluster] = await Promise.all([startRedisServer(), startRedisCluster(3)]);
  });
  afterAll(async () => {
    await Promise.all([server?.stop(), cluster?.stop()]);
  });

  describe.concurrent('single server', () =>
    describeStoreSetContract(
      'redis',
      redisStoreSet(() => ({ url: server.url })),
    ));
  describe.concurrent('3-master cluster', () =>
    describeStoreSetContract(
      'redis cluster',
      redisStoreSet(() => ({ cluster: { rootNodes: cluster.rootNodes } })),
    ));
  describeApiStoreScenarios(
    'one Redis server',
    redisStoreSet(() => ({ url: server.url })),
  );
  describeApiStoreScenarios(
    'a 3-master Redis cluster',
    redisStoreSet(() => ({ cluster: { rootNodes: cluster.rootNodes } })),
  );
  describe('key layout on a single server', () =>
    describeKeyLayout(
      () => ({ url: server.url }),
      () => [server.url],
    ));
  describe('key layout on a cluster', () =>
    describeKeyLayout(
      () => ({ cluster: { rootNodes: cluster.rootNodes } }),
      () => cluster.rootNodes,
    ));
  describe('app-provided connections', () => {
    const count = async (port: number, args: string[]) => Number((await redisCli(port, args)).trim().split('\n')[1]);
    describeAppClient(
      'client',
      () => createClient({ url: server.url }),
      (channel) => count(server.port, ['PUBSUB', 'NUMSUB', channel]),
    );
    describeAppClient(
      'cluster',
      () => createCluster({ rootNodes: cluster.rootNodes.map((url) => ({ url })) }),
      async (channel) => count((await ownerOf(cluster, channel)).port, ['PUBSUB', 'SHARDNUMSUB', channel]),
    );
  });
  describe('two apps on one server', () => describeAppsSideBySide(() => ({ url: server.url })));
  describe('two apps on one cluster', () =>
    describeAppsSideBySide(() => ({ cluster: { rootNodes: cluster.rootNodes } })));
  describe('registry bounds on one server', () => describeRegistryBounds(() => ({ url: server.url })));
  describe('registry bounds on a cluster', () =>
    describeRegistryBounds(() => ({ cluster: { rootNodes: cluster.rootNodes } })));
  describe('a server that may evict keys', () => describeEvictionWarning());
  describe('an account hash from before the cap', () => describeUpgradedHash());
  describe('cluster behaviour', () => describeClusterBehaviour(() => cluster));
  describeFaults();
  describe('when a cluster node fails', () => describeClusterFaults());
});
