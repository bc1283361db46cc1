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

export interface Scenario {
  name: string;
  run(world: ScenarioWorld): Promise<void>;
}
