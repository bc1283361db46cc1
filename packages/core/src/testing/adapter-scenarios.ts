import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityWebOptions } from '../config/options.js';
import { createIdentityWeb } from '../create-identity-web.js';
import { MemoryAccountRegistry } from '../stores/memory-account-registry.js';
import { MemorySessionStore } from '../stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../stores/memory-token-cache-store.js';
import { locationOf, TestBrowser } from './browser.js';
import { FakeIdentityProvider, ManualClock } from './fake-identity-provider.js';
import {
  SCENARIO_API_SCOPE,
  SCENARIO_BASE_URL,
  type ScenarioAppFactory,
  type ScenarioWorld,
} from './scenario-world.js';
import { SCENARIOS } from './scenarios/index.js';

export * from './scenario-world.js';

/** A fresh world for one scenario: a fake provider, memory stores, an instance and the adapter's app from `factory`. */
export async function createScenarioWorld(
  factory: ScenarioAppFactory,
  options: Partial<IdentityWebOptions> = {},
): Promise<ScenarioWorld> {
  const clock = new ManualClock();
  const idp = new FakeIdentityProvider(clock);
  // The world holds the stores itself, so a scenario can look into them (and a storage
  // package can run the scenarios on its own stores through `options.stores`).
  const sessions = options.stores?.sessionStore ?? new MemorySessionStore(clock);
  const tokenCache = options.stores?.tokenCacheStore ?? new MemoryTokenCacheStore(clock);
  const registry = options.stores?.accountRegistry ?? new MemoryAccountRegistry(clock);
  const identity = createIdentityWeb({
    identityProvider: idp,
    baseUrl: SCENARIO_BASE_URL,
    secret: 's'.repeat(40),
    clock,
    scopes: ['openid', 'profile', 'offline_access', SCENARIO_API_SCOPE],
    ...options,
    stores: { ...options.stores, sessionStore: sessions, tokenCacheStore: tokenCache, accountRegistry: registry },
  });
  const app = await factory(identity);
  const world: ScenarioWorld = {
    identity,
    idp,
    clock,
    app,
    sessions,
    tokenCache,
    registry,
    browser: () => new TestBrowser(app.fetch),
    async signIn(subject, opts = {}) {
      const browser = world.browser();
      const start = await browser.fetch(`/auth/sign-in?returnTo=${encodeURIComponent(opts.returnTo ?? '/me')}`);
      expect(start.status).toBe(302);
      const sid = opts.sid ?? `sid-${subject}`;
      const params = idp.login(locationOf(start), subject, sid);
      const callback = opts.formPost
        ? await browser.post('/auth/callback', Object.fromEntries(params))
        : await browser.fetch(`/auth/callback?${params}`);
      expect(callback.status).toBe(302);
      const pub = (await (await browser.fetch('/public', { accept: 'json' })).json()) as {
        user: { key: string };
        csrfToken: string;
      };
      const [entry] = await registry.findBySid(idp.issuer, sid);
      const sessionId = entry?.sessionId;
      return { browser, sid, accountKey: pub.user.key, sessionId: sessionId!, csrfToken: pub.csrfToken };
    },
  };
  return world;
}

/** Runs every shared adapter scenario against the app an adapter builds. */
export function describeAdapterScenarios(name: string, factory: ScenarioAppFactory): void {
  describe(`${name}: shared adapter scenarios`, () => {
    let world: ScenarioWorld;
    beforeEach(async () => {
      world = await createScenarioWorld(factory);
    });
    afterEach(async () => {
      world.identity.close();
      await world.app.close?.();
    });
    for (const scenario of SCENARIOS) it(scenario.name, () => scenario.run(world));
  });
}
