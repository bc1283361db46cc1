// Entry of @identity-web/core/testing: contract suites, fakes and shared adapter scenarios.
//
// The core's types its signatures name (`ScenarioWorld.identity` is an `IdentityWeb`,
// `FakeIdentityProvider` an `IdentityProvider`, `StoreSet` the storage ports) are imported from
// the entry that exports them (`@identity-web/core`, /api, /provider, /store), not re-exported
// here: each name has one entry.

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
