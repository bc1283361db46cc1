import type { IdentityWeb } from '../create-identity-web.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';
import type { AppFetch, TestBrowser } from './browser.js';
import type { FakeIdentityProvider, ManualClock } from './fake-identity-provider.js';

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
  /** Sends a request to the app, as a browser would. */
  fetch: AppFetch;
  /** Stops the app (a server, for adapters that need one). */
  close?(): Promise<void>;
}

/** Builds the adapter's {@link ScenarioApp} on an identity-web instance. */
export type ScenarioAppFactory = (identity: IdentityWeb) => Promise<ScenarioApp>;

/** The `baseUrl` of every scenario's instance. */
export const SCENARIO_BASE_URL = 'http://localhost:3000';

/** The web API scope `/call-api` asks for by default. */
export const SCENARIO_API_SCOPE = 'api://downstream/read';

/** Everything a scenario works with: the instance, its fakes and stores, and the adapter's app. */
export interface ScenarioWorld {
  /** The identity-web instance under test. */
  identity: IdentityWeb;
  /** The fake provider the instance signs in at. */
  idp: FakeIdentityProvider;
  /** The clock of the instance and the fake provider. */
  clock: ManualClock;
  /** The adapter's app. */
  app: ScenarioApp;
  /** The session store, to inspect. */
  sessions: SessionStore;
  /** The token cache store, to inspect. */
  tokenCache: TokenCacheStore;
  /** The account registry, to inspect. */
  registry: AccountRegistry;
  /** A new browser with an empty cookie jar. */
  browser(): TestBrowser;
  /** Signs `subject` in through the app's real routes; returns the browser and facts. */
  signIn(subject: string, options?: { sid?: string; returnTo?: string; formPost?: boolean }): Promise<SignedIn>;
}

/** A user signed in through the app's routes. */
export interface SignedIn {
  /** The browser holding the session cookie. */
  browser: TestBrowser;
  /** The provider session id (`sid`) of the sign-in. */
  sid: string;
  /** The signed-in account. */
  accountKey: string;
  /** The session the sign-in created. */
  sessionId: string;
  /** The CSRF token for sign-out. */
  csrfToken: string;
}

/** One shared adapter scenario. */
export interface Scenario {
  /** The test name. */
  name: string;
  /** Runs the scenario against a fresh world. */
  run(world: ScenarioWorld): Promise<void>;
}
