import type {
  IdentityWeb,
  IdentityWebOptions,
  RequireAuthOptions,
  SharedSignalsOptions,
  SignInHook,
} from '@identity-web/core';
import type { AccountRegistry, SessionStore, TokenCacheStore } from '@identity-web/core/store';
import type { AppFetch, TestBrowser } from './browser.js';
import type { FakeIdentityProvider, ManualClock } from './fake-identity-provider.js';
import type { FakeSecurityEventTransmitter } from './fake-transmitter.js';
import type { ScenarioApi } from './scenario-api.js';
import type { StoreOutage } from './store-outage.js';

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
 *   from the query, answered with the API's status, `content-type` and body;
 * - `GET /optional`, behind nothing: sets `content-type: application/json` and `x-route: partial`
 *   where the framework lets a route prepare its answer, then `auth.acquireToken(scope)` as
 *   `/call-api` → JSON `{ accessToken }`; what it throws must become the adapter's challenge.
 *
 * @group Scenarios
 */
export interface ScenarioApp {
  /**
   * Sends one request to the app, by path and query relative to {@link SCENARIO_BASE_URL}, the
   * origin the app must see; redirects are returned, not followed.
   */
  fetch: AppFetch;
  /** Releases what the app holds (a listening server, say); called when the world closes. */
  close?(): Promise<void>;
}

/**
 * Builds the adapter's {@link ScenarioApp} on the identity-web instance of a fresh world.
 *
 * @group Scenarios
 */
export type ScenarioAppFactory = (identity: IdentityWeb) => Promise<ScenarioApp>;

/**
 * The instance's `baseUrl`: the origin every request to the scenario app must carry.
 *
 * @group Scenarios
 */
export const SCENARIO_BASE_URL = 'http://localhost:3000';

/**
 * The downstream API's scope: asked for at sign-in, the scope of the `downstream` API and the
 * default scope of `GET /call-api`.
 *
 * @group Scenarios
 */
export const SCENARIO_API_SCOPE = 'api://downstream/read';

/**
 * The `requireAuth` options of the guarded scenario routes.
 *
 * @group Scenarios
 */
export const SCENARIO_GUARDS = {
  /** `GET /admin`: only users with the `admin` role. */
  admin: {
    /** The app role a user needs, from the `roles` claim. */
    roles: ['admin'],
  },
  /** `GET /staff`: only users whose claims pass the check. */
  staff: {
    /** Passes users whose `department` claim is `'staff'`. */
    claim: (claims) => claims.department === 'staff',
  },
  /** `GET /granted`: only sessions whose sign-in was granted the downstream API's scope. */
  granted: {
    /** The scope the sign-in must have been granted: {@link SCENARIO_API_SCOPE}. */
    scopes: [SCENARIO_API_SCOPE],
  },
} as const satisfies Record<string, RequireAuthOptions>;

/**
 * Serves a Request/Response handler on a loopback origin (real HTTP); adapters pass one in.
 *
 * @group Scenarios
 */
export type ServeHandler = (handler: (request: Request) => Promise<Response>) => Promise<{
  /** The origin the handler is served at, e.g. `http://127.0.0.1:54321`. */
  readonly origin: string;
  /** Stops the server; resolves once it is closed. */
  close(): Promise<void>;
}>;

/**
 * Everything one scenario works with: a fresh identity-web instance on a fake IdP and a manual
 * clock, the adapter's app on it, the stores behind it and the downstream API. Made by
 * {@link createScenarioWorld}; close it when the scenario ends.
 *
 * @group Scenarios
 */
export interface ScenarioWorld {
  /** The identity-web instance under test, configured with the world's IdP, clock and stores. */
  identity: IdentityWeb;
  /** The identity provider the instance signs in with: grant consent, set claims, mint logout tokens. */
  idp: FakeIdentityProvider;
  /**
   * A second provider, at `https://partner.test`. Only in a world of a scenario with
   * `providers: 'two'`, whose instance has `identityProviders: { work: idp, partner }` — both
   * keying accounts by `sub` alone, so one user has the same key at each unless the core keeps
   * them apart.
   */
  partner: FakeIdentityProvider;
  /**
   * A Shared Signals transmitter at `https://signals.test/`: mint SETs, queue them for polling.
   * The instance receives from it only in a scenario with `sharedSignals`.
   */
  transmitter: FakeSecurityEventTransmitter;
  /** The instance's and the IdP's clock; move it with `advance(ms)`. */
  clock: ManualClock;
  /** The adapter's app, built by the {@link ScenarioAppFactory} on `identity`. */
  app: ScenarioApp;
  /** The session store the instance uses, for a scenario to look into. */
  sessions: SessionStore;
  /** The token-cache store the instance uses, for a scenario to look into. */
  tokenCache: TokenCacheStore;
  /** The account registry the instance uses, for a scenario to look into. */
  registry: AccountRegistry;
  /**
   * The switch between the instance and its stores (sessions, token cache, registry, replay
   * cache, refresh lease): `outage.fail('sessionStore')` makes the instance's calls to that store
   * fail with `store_unavailable` until `outage.restore()`. The stores above stay reachable from
   * the scenario itself.
   */
  outage: StoreOutage;
  /** The downstream API behind `callApi('downstream', …)`, at `<origin>/v1`. */
  api: ScenarioApi;
  /** The app's `onSignIn` hook; unset lets every sign-in through. */
  onSignIn: SignInHook | undefined;
  /** A new browser on the app, with an empty cookie jar. */
  browser(): TestBrowser;
  /**
   * Signs `subject` in through the app's real routes in a new browser; returns the browser and
   * facts. `formPost`: the IdP answers with `response_mode=form_post` (from then on, as an app
   * configured for it), a cross-site POST that carries only `SameSite=None` cookies. `userAgent`:
   * the `User-Agent` the callback request carries (none by default). `provider`: in a world of two
   * providers, which one (default `work`).
   */
  signIn(
    subject: string,
    options?: {
      sid?: string;
      returnTo?: string;
      formPost?: boolean;
      userAgent?: string;
      provider?: 'work' | 'partner';
    },
  ): Promise<SignedIn>;
  /** Ends the instance, the app and the API server, if any. */
  close(): Promise<void>;
}

/**
 * What {@link ScenarioWorld.signIn} returns: the signed-in browser and the ids a scenario checks against.
 *
 * @group Requests
 */
export interface SignedIn {
  /** The browser that signed in; its cookie jar holds the session cookie. */
  browser: TestBrowser;
  /** The IdP session id (`sid` claim) the fake IdP put in the ID token: `options.sid`, or `sid-<subject>`. */
  sid: string;
  /** The signed-in account's key (`Account.key`), as `GET /public` reports it. */
  accountKey: string;
  /** Id of the session the sign-in created, as the account registry records it. */
  sessionId: string;
  /** The session's CSRF token, which a sign-out POST must echo (`csrf` field or `X-CSRF-Token` header). */
  csrfToken: string;
}

/**
 * One shared adapter scenario: a test that {@link describeAdapterScenarios} runs in a fresh world.
 *
 * @group Scenarios
 */
export interface Scenario {
  /** The test's name. */
  name: string;
  /** Options of this scenario's instance, over the world's defaults. */
  options?: Partial<IdentityWebOptions>;
  /** `'two'`: the instance signs in with `identityProviders: { work, partner }` (see {@link ScenarioWorld.partner}). */
  providers?: 'two';
  /**
   * The instance receives the world's transmitter's security events with these options
   * (`delivery` default `'push'`; polls run only when the scenario calls `pollSecurityEvents()`).
   */
  sharedSignals?: Omit<SharedSignalsOptions, 'transmitter'>;
  /** The test itself; it fails by throwing (failed `expect`). The world is closed after it either way. */
  run(world: ScenarioWorld): Promise<void>;
}
