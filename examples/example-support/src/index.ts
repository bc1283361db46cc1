// Test support of the example apps: used by their tests and the demo's, never by an app at runtime.
export { Browser, frontChannelUrls, type Page } from './browser.js';
export { type FailedMessage, nextMessage, stopChild } from './child-process.js';
export { refusal } from './configuration.suite.js';
export {
  type ConformanceModules,
  describeConformance,
  RP_PLANS,
  type RpPlan,
} from './conformance/conformance.suite.js';
export type { Expected, RpModule } from './conformance/rp-modules.js';
export { describeExampleWebApp, exampleEnv } from './example-web-app.suite.js';
export { clientPrivateJwk, describeFapiVariables, fapiEnv } from './fapi-variables.suite.js';
export { freePort } from './free-port.js';
export { describeProfileClaimsInUserInfo } from './profile-claims-in-userinfo.suite.js';
export { RecordingRegistry } from './recording-registry.js';
export type { CacheState, Env, RunningWebApp, StartWebApp } from './types.js';
