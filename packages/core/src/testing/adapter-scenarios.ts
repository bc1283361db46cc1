import type { IdentityWebOptions, SharedSignalsOptions } from '@identity-web/core';
import { describe, expect, it } from 'vitest';
import { createIdentityWeb } from '../create-identity-web.js';
import { downstreamApi } from '../downstream-api.js';
import { sessionList } from '../session-list.js';
import { inProcessRefreshLease } from '../stores/in-process-refresh-lease.js';
import { MemoryAccountRegistry } from '../stores/memory-account-registry.js';
import { MemoryReplayCache } from '../stores/memory-replay-cache.js';
import { MemorySessionStore } from '../stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../stores/memory-token-cache-store.js';
import { locationOf, TestBrowser } from './browser.js';
import { FakeIdentityProvider, ManualClock } from './fake-identity-provider.js';
import { FakeSecurityEventTransmitter } from './fake-transmitter.js';
import { ScenarioApi } from './scenario-api.js';
import {
  SCENARIO_API_SCOPE,
  SCENARIO_BASE_URL,
  type Scenario,
  type ScenarioAppFactory,
  type ScenarioWorld,
  type ServeHandler,
} from './scenario-world.js';
import { SCENARIOS } from './scenarios/index.js';
import { storeOutageScenarios } from './scenarios/store-outage.scenarios.js';
import { StoreOutage } from './store-outage.js';

/**
 * How a world is built: instance options, and a loopback server for the downstream API.
 *
 * @group Scenarios
 */
export interface ScenarioWorldOptions {
  /** Serve the downstream API over real HTTP (the core stays on Web APIs, so adapters bring one). */
  serveApi?: ServeHandler;
  /** The app's client id at the fake IdP (default `fake-client`): two worlds with two ids are two apps. */
  clientId?: string;
  /** `'two'`: `identityProviders: { work, partner }` instead of the one `identityProvider`. */
  providers?: 'two';
  /** Receive the world's transmitter's security events with these options (see `Scenario.sharedSignals`). */
  sharedSignals?: Omit<SharedSignalsOptions, 'transmitter'>;
}

const IN_MEMORY_API = 'https://api.test';

/**
 * Builds one {@link ScenarioWorld}: a fake IdP and a manual clock, in-memory stores (or those in
 * `options.stores`), an instance on them with the scenarios' defaults overridden by `options`,
 * the downstream API (served by `worldOptions.serveApi`, else answered in memory) and the app
 * `factory` builds on the instance. Call `world.close()` when done.
 *
 * @group Scenarios
 */
export async function createScenarioWorld(
  factory: ScenarioAppFactory,
  options: Partial<IdentityWebOptions> = {},
  worldOptions: ScenarioWorldOptions = {},
): Promise<ScenarioWorld> {
  const clock = new ManualClock();
  const two = worldOptions.providers === 'two';
  const idp = new FakeIdentityProvider(clock, {
    ...(worldOptions.clientId !== undefined && { clientId: worldOptions.clientId }),
    ...(two && { keyBySubject: true }),
  });
  const partner = new FakeIdentityProvider(clock, {
    issuer: 'https://partner.test',
    ...(worldOptions.clientId !== undefined && { clientId: worldOptions.clientId }),
    keyBySubject: true,
  });
  const transmitter = new FakeSecurityEventTransmitter(clock, idp.clientId);
  const api = new ScenarioApi();
  const server = worldOptions.serveApi ? await worldOptions.serveApi(api.handle) : null;
  // The world holds the stores itself, so a scenario can look into them (and a storage
  // package can run the scenarios on its own stores through `options.stores`).
  const sessions = options.stores?.sessionStore ?? new MemorySessionStore(clock);
  const tokenCache = options.stores?.tokenCacheStore ?? new MemoryTokenCacheStore(clock);
  const registry = options.stores?.accountRegistry ?? new MemoryAccountRegistry(clock);
  // The instance reaches every store through the outage switch, so a scenario can take one down.
  const outage = new StoreOutage();
  const identity = createIdentityWeb({
    ...(two ? { identityProviders: { work: idp, partner } } : { identityProvider: idp }),
    baseUrl: SCENARIO_BASE_URL,
    secret: 's'.repeat(40),
    clock,
    scopes: ['openid', 'profile', 'offline_access', SCENARIO_API_SCOPE],
    onSignIn: (event) => world.onSignIn?.(event),
    downstreamApis: {
      downstream: downstreamApi({ baseUrl: `${server?.origin ?? IN_MEMORY_API}/v1`, scopes: [SCENARIO_API_SCOPE] }),
    },
    // Without a server, the API answers in memory; with one, the real fetch goes over loopback.
    ...(server === null && { fetch: (url: string, init: RequestInit) => api.handle(new Request(url, init)) }),
    ...(worldOptions.sharedSignals !== undefined && {
      sharedSignals: { transmitter, ...worldOptions.sharedSignals, poll: { intervalSeconds: 0 } },
    }),
    ...options,
    // The session list is on: the scenarios list and end sessions through every adapter.
    session: { list: sessionList, ...options.session },
    stores: {
      ...options.stores,
      sessionStore: outage.wrap('sessionStore', sessions),
      tokenCacheStore: outage.wrap('tokenCacheStore', tokenCache),
      accountRegistry: outage.wrap('accountRegistry', registry),
      replayCache: outage.wrap('replayCache', options.stores?.replayCache ?? new MemoryReplayCache(clock)),
      refreshLease: outage.wrap('refreshLease', options.stores?.refreshLease ?? inProcessRefreshLease),
    },
  });
  const app = await factory(identity);
  const world: ScenarioWorld = {
    identity,
    idp,
    partner,
    transmitter,
    clock,
    app,
    sessions,
    tokenCache,
    registry,
    outage,
    api,
    onSignIn: undefined,
    browser: () => new TestBrowser(app.fetch),
    async signIn(subject, opts = {}) {
      const browser = world.browser();
      const at = opts.provider === 'partner' ? partner : idp;
      if (opts.formPost) at.responseMode = 'form_post';
      const choice = two ? `provider=${opts.provider ?? 'work'}&` : '';
      const start = await browser.fetch(
        `/auth/sign-in?${choice}returnTo=${encodeURIComponent(opts.returnTo ?? '/me')}`,
      );
      expect(start.status).toBe(302);
      const sid = opts.sid ?? `sid-${subject}`;
      const params = at.login(locationOf(start), subject, sid);
      // Where the provider sends the browser back: `/auth/callback`, or `/auth/callback/{name}` with two.
      const callbackPath = new URL(locationOf(start).searchParams.get('redirect_uri')!).pathname;
      // The IdP's page posts the form to the app: a cross-site POST.
      const headers: Record<string, string> = opts.userAgent === undefined ? {} : { 'user-agent': opts.userAgent };
      const callback = opts.formPost
        ? await browser.post(callbackPath, Object.fromEntries(params), headers, { crossSite: true })
        : await browser.fetch(`${callbackPath}?${params}`, { headers });
      expect(callback.status).toBe(302);
      const pub = (await (await browser.fetch('/public', { accept: 'json' })).json()) as {
        user: { key: string };
        csrfToken: string;
      };
      const [entry] = await registry.findBySid(at.issuer, sid);
      const sessionId = entry?.sessionId;
      return { browser, sid, accountKey: pub.user.key, sessionId: sessionId!, csrfToken: pub.csrfToken };
    },
    async close() {
      identity.close();
      await app.close?.();
      await server?.close();
    },
  };
  return world;
}

/**
 * Runs every shared adapter scenario against the app an adapter builds.
 *
 * @group Scenarios
 */
export function describeAdapterScenarios(
  name: string,
  factory: ScenarioAppFactory,
  worldOptions: ScenarioWorldOptions = {},
): void {
  describeScenarios(`${name}: shared adapter scenarios`, SCENARIOS, factory, worldOptions);
}

/**
 * Runs the store-outage scenarios alone (a subset of {@link describeAdapterScenarios}): for an
 * adapter's app in another shape, an app whose own error handler answers every error with a 500,
 * say. Each point where a request touches a store must still answer 503 with `Retry-After`.
 *
 * @group Scenarios
 */
export function describeStoreOutageScenarios(
  name: string,
  factory: ScenarioAppFactory,
  worldOptions: ScenarioWorldOptions = {},
): void {
  describeScenarios(`${name}: store outage scenarios`, storeOutageScenarios, factory, worldOptions);
}

/**
 * Runs each of `scenarios`, in a fresh world around the app `factory` builds. Not in the entry:
 * an adapter's suite runs one group again in another setting (its framework trusting a proxy, say).
 */
export function describeScenarios(
  title: string,
  scenarios: readonly Scenario[],
  factory: ScenarioAppFactory,
  worldOptions: ScenarioWorldOptions = {},
): void {
  describe(title, () => {
    for (const scenario of scenarios) {
      it(scenario.name, async () => {
        const world = await createScenarioWorld(factory, scenario.options, {
          ...worldOptions,
          ...(scenario.providers !== undefined && { providers: scenario.providers }),
          ...(scenario.sharedSignals !== undefined && { sharedSignals: scenario.sharedSignals }),
        });
        try {
          await scenario.run(world);
        } finally {
          await world.close();
        }
      });
    }
  });
}
