import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soak } from '../src/soak.js';
import { startWorld, type World } from '../src/world.js';
import { redisServerAvailable } from './redis-available.js';

const USERS = 200;
const LIFETIME_SECONDS = 20;
const DURATION_MS = 120_000;

// Three instances on one Redis, 200 users with 20 s access tokens, traffic on every instance for
// two minutes, against oidc-provider rotating refresh tokens on every use.
describe.runIf(redisServerAvailable())('soak: 3 instances on one Redis, 200 users, 20 s tokens, 2 minutes', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld({ stores: 'redis', instances: 3, accessTokenTtlSeconds: LIFETIME_SECONDS });
  }, 60_000);
  afterAll(async () => {
    await world?.stop();
  });

  it('answers every call, and the provider never sees a spent refresh token', async () => {
    const result = await soak(world, { users: USERS, durationMs: DURATION_MS, workers: 12 });
    expect(world.failures()).toEqual([]);
    expect(result.outcomes).toEqual({ 200: result.calls });
    expect(result.perInstance.every((calls) => calls > 1000)).toBe(true);
    // Not one grant refused, reused or revoked at the provider.
    expect(result.grants).toMatchObject({ refused: 0, reused: 0, revoked: 0 });
    // Every user's refresh token was rotated again and again under the traffic (a slow machine
    // calls each user less often, hence a loose floor)...
    expect(result.grants.issued).toBeGreaterThanOrEqual(USERS * 2);
    // ...and one refresh per due token: a token is served for ¾ of its 20 s, so each user needs
    // at most 120 / 15 = 8 over the run, and one more for the token current when the run starts.
    const due = Math.ceil(DURATION_MS / (0.75 * LIFETIME_SECONDS * 1000));
    expect(result.grants.issued).toBeLessThanOrEqual(USERS * (due + 1));
  }, 240_000);
});
