// Entry of @identity-web/core/testing: contract suites, fakes and shared adapter scenarios.
//
// Besides its own exports, the entry re-exports (as types only) the core's public types its
// signatures name — `ScenarioWorld.identity` is an `IdentityWeb`, `FakeIdentityProvider` an
// `IdentityProvider`, `StoreSet` the storage ports — so a test suite names every one from here.
// They are the very declarations of `@identity-web/core` (and /provider, /store), not copies.

export type { ApiVerdict, IdentityWebApi } from '../api/create-identity-web-api.js';
export type { AccessTokenClaims } from '../api/domain/access-token-claims.js';
export type { ApiCaller, ApiScheme } from '../api/domain/api-caller.js';
export type { ApiRequirement } from '../api/domain/api-requirement.js';
export type { OnBehalfOfRequest } from '../api/use-cases/acquire-token-on-behalf-of.js';
export type { DownstreamApiOptions, FetchLike } from '../config/downstream-api-options.js';
export type { IdentityWebOptions } from '../config/options.js';
export type { SessionOptions } from '../config/session-options.js';
export type { SharedSignalsOptions } from '../config/shared-signals-options.js';
export type { IdentityWebStoreOptions } from '../config/store-options.js';
export type { Account } from '../domain/account.js';
export type {
  EventHandler,
  EventName,
  IdentityWebEvents,
  IdpOperation,
  LogoutChannel,
  LogoutRefusalReason,
  RemovalReason,
  TokenSource,
  UserInfoFailureReason,
} from '../domain/events.js';
export type { LogoutTokenClaims } from '../domain/logout-token.js';
export type { Page, PageKind, PageRenderer, ProviderChoice } from '../domain/page.js';
export type { SecurityEventAction, SecurityEventRefusalReason } from '../domain/security-event-types.js';
export type { SignInDecision, SignInEvent, SignInHook } from '../domain/sign-in-event.js';
export type { AccessToken } from '../domain/token.js';
export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from '../http/auth-context.js';
export type { RequireAuthOptions } from '../http/authorize.js';
export type { AuthHttpSurface, CookieOptions, CookieToSet, HttpRequest, HttpResult } from '../http/types.js';
export type { IdentityWeb } from '../identity-web.js';
export type { IdentityWebStats } from '../observability/metrics.js';
export type { AccountRegistry, RegistryEntry } from '../ports/account-registry.port.js';
export type { Clock } from '../ports/clock.port.js';
export type {
  AuthorizationRequest,
  CodeRedemption,
  DpopProofRequest,
  DpopProver,
  EndSessionRequest,
  IdentityProvider,
  SignInResult,
  SignInWarning,
  SilentTokenRequest,
  TokenResult,
} from '../ports/identity-provider.port.js';
export type { Invalidation, InvalidationBus } from '../ports/invalidation-bus.port.js';
export type { Logger } from '../ports/logger.port.js';
export type { RefreshLease } from '../ports/refresh-lease.port.js';
export type { ReplayCache } from '../ports/replay-cache.port.js';
export type {
  SecurityEventPollRequest,
  SecurityEventPollResponse,
  SecurityEventTransmitter,
  TransmitterMetadata,
} from '../ports/security-event-transmitter.port.js';
export type { SessionStore } from '../ports/session-store.port.js';
export type { StoreApp } from '../ports/store-app.port.js';
export type { TokenCacheStore, VersionedValue } from '../ports/token-cache-store.port.js';
export type { AcquireTokenRequest } from '../use-cases/acquire-token-request.js';
export type { SecurityEventPollOutcome } from '../use-cases/poll-security-events.js';
export type { UserRef, UserSession } from '../use-cases/user-sessions.js';
export type { StreamVerification } from '../use-cases/verify-security-event-stream.js';
export {
  createScenarioWorld,
  describeAdapterScenarios,
  describeStoreOutageScenarios,
  type ScenarioWorldOptions,
} from './adapter-scenarios.js';
export { type ApiScenarioAppFactory, describeApiScenarios } from './api-scenarios.js';
export { describeApiStoreScenarios } from './api-store-scenarios.js';
export { type AppFetch, locationOf, TestBrowser, type TestRequestOptions } from './browser.js';
export { testEntry } from './contracts/account-registry.contract.js';
export {
  describeStoreSetContract,
  type StoreSet,
  type StoreSetContractOptions,
  type StoreSetFactory,
  type StoreSetFixture,
} from './contracts/store-set.contract.js';
export { FakeIdentityProvider, type FakeTokenGrant, ManualClock } from './fake-identity-provider.js';
export { FakeSecurityEventTransmitter } from './fake-transmitter.js';
export { describeDownstreamPathCorpus } from './hostile/downstream-path.suite.js';
export { describeSignInFlood, type SignInFloodOptions } from './hostile/flood.suite.js';
export { type AuthFuzzOptions, describeAuthFuzz } from './hostile/fuzz.suite.js';
export { describeOpenRedirectCorpus } from './hostile/open-redirect.suite.js';
export {
  describeIdentityProviderContract,
  type IdentityProviderContractHarness,
  type IdentityProviderContractSetup,
} from './identity-provider.contract.js';
export { ScenarioApi, type ScenarioApiCall } from './scenario-api.js';
export {
  SCENARIO_API_SCOPE,
  SCENARIO_BASE_URL,
  SCENARIO_GUARDS,
  type Scenario,
  type ScenarioApp,
  type ScenarioAppFactory,
  type ScenarioWorld,
  type ServeHandler,
  type SignedIn,
} from './scenario-world.js';
export { providerScenarios as PROVIDER_SCENARIOS } from './scenarios/providers.scenarios.js';
export { sessionsScenarios as SESSION_SCENARIOS } from './scenarios/sessions.scenarios.js';
export { sharedSignalsScenarios as SHARED_SIGNALS_SCENARIOS } from './scenarios/shared-signals.scenarios.js';
export { StoreOutage } from './store-outage.js';
export { webScenarioApp } from './web-scenario-app.js';
