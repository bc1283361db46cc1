import type { IdentityWebOptions } from '../config/options.js';
import type { IdentityWeb } from '../create-identity-web.js';
import type { SignInHook } from '../domain/sign-in-event.js';
import type { AuthorizeOptions } from '../http/authorize.js';
import type { AccountRegistry } from '../ports/account-registry.port.js';
import type { SessionStore } from '../ports/session-store.port.js';
import type { TokenCacheStore } from '../ports/token-cache-store.port.js';
import type { AppFetch, TestBrowser } from './browser.js';
import type { FakeIdentityProvider, ManualClock } from './fake-identity-provider.js';
import type { ScenarioApi } from './scenario-api.js';

/**
 * What an adapter builds for the shared scenarios, from the identity-web instance it is given:
 * - the auth routes under `/auth`;
 * - `GET /public` → JSON `{ authenticated, user, csrfToken }` (no auth required);
 * - `GET /me` behind `requireAuth()` → JSON `{ user }`;
 * - `GET /admin`, `/staff`, `/granted` behind `requireAuth(SCENARIO_GUARDS.<route>)` → JSON `{ user }`;
 * - `GET /call-api` behind `requireAuth()` → `auth.acquireToken(scope)` with `scope` from the
 *   query (default `api://downstream/read`) → JSON `{ accessToken }`; an
 *   `InteractionRequiredError` must become the adapter's challenge;
 * - `GET /downstream` behind `requireAuth()` → `auth.callApi('downstream', path)` with `path`
 *   from the query, answered with the API's status, `content-type` and body.
 */
export interface ScenarioApp {
  fetch: AppFetch;
  close?(): Promise<void>;
}

export type ScenarioAppFactory = (identity: IdentityWeb) => Promise<ScenarioApp>;

export const SCENARIO_BASE_URL = 'http://localhost:3000';

export const SCENARIO_API_SCOPE = 'api://downstream/read';

/** The `requireAuth` options of the guarded scenario routes. */
export const SCENARIO_GUARDS = {
  admin: { roles: ['admin'] },
  staff: { claim: (claims) => claims.department === 'staff' },
  granted: { scopes: [SCENARIO_API_SCOPE] },
} as const satisfies Record<string, AuthorizeOptions>;

/** Serves a Request/Response handler on a loopback origin (real HTTP); adapters pass one in. */
export type ServeHandler = (
  handler: (request: Request) => Promise<Response>,
) => Promise<{ readonly origin: string; close(): Promise<void> }>;

export interface ScenarioWorld {
  identity: IdentityWeb;
  idp: FakeIdentityProvider;
  clock: ManualClock;
  app: ScenarioApp;
  sessions: SessionStore;
  tokenCache: TokenCacheStore;
  registry: AccountRegistry;
  /** The downstream API behind `callApi('downstream', …)`, at `<origin>/v1`. */
  api: ScenarioApi;
  /** The app's `onSignIn` hook; unset lets every sign-in through. */
  onSignIn: SignInHook | undefined;
  browser(): TestBrowser;
  /** Signs `subject` in through the app's real routes; returns the browser and facts. */
  signIn(subject: string, options?: { sid?: string; returnTo?: string; formPost?: boolean }): Promise<SignedIn>;
  /** Ends the instance, the app and the API server, if any. */
  close(): Promise<void>;
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
  /** Options of this scenario's instance, over the world's defaults. */
  options?: Partial<IdentityWebOptions>;
  run(world: ScenarioWorld): Promise<void>;
}
