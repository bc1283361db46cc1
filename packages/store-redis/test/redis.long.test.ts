// The long Redis tests (`pnpm test:long`, once in CI): a master failing over to its replica under
// traffic, each test on a cluster of its own, and one browser signing one user in 10,000 times.
// The same rules at a smaller scale run in redis.test.ts, in `pnpm test`.

import { afterAll, beforeAll, describe } from 'vitest';
import { describeClusterFailover } from './suites/cluster-failover.js';
import { describeRegistryFlood } from './suites/registry-bounds.js';
import { redisAvailable } from './support/availability.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

describe.runIf(redisAvailable())('@identity-web/redis at length', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('registry flood on one server', () => describeRegistryFlood(() => ({ url: server.url }), 10_000));
  describe('when a cluster master fails over to its replica', () => describeClusterFailover());
});
