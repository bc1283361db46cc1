import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityWebOptions } from '../config/options.js';
import { createIdentityWeb, type IdentityWeb } from '../create-identity-web.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';
import { MemoryAccountRegistry } from '../stores/memory-account-registry.js';
import { MemorySessionStore } from '../stores/memory-session-store.js';
import { MemoryTokenCacheStore } from '../stores/memory-token-cache-store.js';
import { type AppFetch, locationOf, TestBrowser } from './browser.js';
import { FakeIdentityProvider, ManualClock } from './fake-identity-provider.js';
import { SCENARIOS } from './scenarios/index.js';

/**
 * What an adapter builds for the shared scenarios, from the identity-web instance it is given:
 * - the auth routes under `/auth`;
 * - `GET /public` → JSON `{ authenticated, user, csrfToken }` (no auth required);
 * - `GET /me` behind `requireAuth()` → JSON `{ user }`;
 * - `GET /call-api` behind `requireAuth()` → `auth.acquireToken(scope)` with `scope` from the
 *   query (default `api://downstream/read`) → JSON `{ accessToken }`; an
 *   `InteractionRequiredError` must become the adapter's challenge.
 */
export interface ScenarioApp {
  fetch: AppFetch;
  close?(): Promise<void>;
}

export type ScenarioAppFactory = (identity: IdentityWeb) => Promise<ScenarioApp>;

export const SCENARIO_BASE_URL = 'http://localhost:3000';
export const SCENARIO_API_SCOPE = 'api://downstream/read';

export interface ScenarioWorld {
  identity: IdentityWeb;
  idp: FakeIdentityProvider;
  clock: ManualClock;
  app: ScenarioApp;
  sessions: SessionStore;
  tokenCache: TokenCacheStore;
  registry: AccountRegistry;
  browser(): TestBrowser;
  /** Signs `subject` in through the app's real routes; returns the browser and facts. */
  signIn(subject: string, options?: { sid?: string; returnTo?: string; formPost?: boolean }): Promise<SignedIn>;
}

export interface SignedIn {
  browser: TestBrowser;
  sid: string;
  accountKey: string;
  sessionId: string;
  csrfToken: string;
}

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

export interface Scenario {
  name: string;
  run(world: ScenarioWorld): Promise<void>;
}
