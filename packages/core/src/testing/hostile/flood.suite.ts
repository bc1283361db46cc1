import { describe, expect, it } from 'vitest';
import { MemoryAccountRegistry } from '../../stores/memory-account-registry.js';
import { createScenarioWorld } from '../adapter-scenarios.js';
import { locationOf } from '../browser.js';
import { ManualClock } from '../fake-identity-provider.js';
import type { ScenarioAppFactory, ScenarioWorld } from '../scenario-world.js';
import { CountingRegistry } from './fuzz.world.js';

/**
 * Options of {@link describeSignInFlood}.
 *
 * @group Test suites
 */
export interface SignInFloodOptions {
  /** Anonymous sign-ins started while the real one is in flight. Default 20,000. */
  requests?: number;
  /** Sent at once. Default 50. */
  concurrency?: number;
}

async function stored(world: ScenarioWorld, registry: CountingRegistry) {
  return {
    sessions: await world.sessions.countSessions!(),
    partitions: await world.tokenCache.countPartitions!(),
    registryWrites: registry.writes,
  };
}

/**
 * A sign-in flood: fresh browsers start sign-ins by the thousand while a real user's sign-in is
 * in flight. Sign-in state lives in the browsers' sealed cookies, so the stores gain nothing
 * from the flood, and the real user's callback still completes.
 *
 * @group Test suites
 */
export function describeSignInFlood(name: string, factory: ScenarioAppFactory, options: SignInFloodOptions = {}): void {
  const requests = options.requests ?? 20_000;
  const concurrency = options.concurrency ?? 50;
  describe(`${name}: sign-in flood`, () => {
    it(`completes a real sign-in started before ${requests} anonymous ones, and stores nothing for them`, {
      timeout: 120_000,
    }, async () => {
      const registry = new CountingRegistry(new MemoryAccountRegistry(new ManualClock()));
      const world = await createScenarioWorld(factory, { stores: { accountRegistry: registry } });
      try {
        const user = world.browser();
        const start = await user.fetch('/auth/sign-in?returnTo=%2Fme');
        expect(start.status).toBe(302);
        const callback = world.idp.login(locationOf(start), 'real-user', 'sid-real');
        const before = await stored(world, registry);

        let redirected = 0;
        for (let sent = 0; sent < requests; sent += concurrency) {
          const batch = Array.from({ length: Math.min(concurrency, requests - sent) }, () =>
            world.browser().fetch('/auth/sign-in'),
          );
          for (const response of await Promise.all(batch)) if (response.status === 302) redirected++;
        }
        expect(redirected).toBe(requests);
        expect(await stored(world, registry)).toEqual(before);

        const done = await user.fetch(`/auth/callback?${callback}`);
        expect(done.status).toBe(302);
        expect(done.headers.get('location')).toBe('/me');
        expect((await user.fetch('/me', { accept: 'json' })).status).toBe(200);
        expect(await stored(world, registry)).toEqual({
          sessions: before.sessions + 1,
          partitions: before.partitions + 1,
          registryWrites: before.registryWrites + 1,
        });
        expect(await world.registry.findBySid(world.idp.issuer, 'sid-real')).toHaveLength(1);
      } finally {
        world.identity.close();
        await world.app.close?.();
      }
    });
  });
}
