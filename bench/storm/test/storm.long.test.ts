import { afterEach, describe, expect, it } from 'vitest';
import { measureStorm } from '../src/storm.js';
import { startWorld, type World } from '../src/world.js';
import { redisServerAvailable } from './redis-available.js';

// Against oidc-provider (refresh tokens rotated on every use), with the lifetimes providers issue.
const LIFETIMES = [8, 60, 300, 3600];

describe.each([
  { setup: 'one instance on memory stores', stores: 'memory', instances: 1, run: true },
  { setup: 'three processes on one Redis', stores: 'redis', instances: 3, run: redisServerAvailable() },
] as const)('a token through its life: $setup', ({ stores, instances, run }) => {
  let world: World | undefined;
  afterEach(async () => {
    const failures = world?.failures() ?? [];
    await world?.stop();
    world = undefined;
    expect(failures).toEqual([]);
  });

  it.runIf(run).each(LIFETIMES)(
    '%i s tokens: none refreshed in the first half of their life, one refresh for 1,000 calls after expiry, then the cache',
    async (lifetimeSeconds) => {
      world = await startWorld({ stores, instances, accessTokenTtlSeconds: lifetimeSeconds });
      const result = await measureStorm(world, { login: 'storm', lifetimeSeconds });
      expect(result).toEqual({
        firstHalf: 0,
        storm: 1,
        afterwards: 0,
        served: 1000,
        calls: 1000,
        stormTokens: 1,
        cachedAfterwards: true,
        failures: {},
      });
      expect(world.grants).toMatchObject({ refused: 0, reused: 0, revoked: 0 });
    },
    90_000,
  );
});
