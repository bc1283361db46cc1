// Public entry of the demo IdP (examples only; not a package to deploy).
export type {
  DemoApi,
  DemoClient,
  DemoClientAuth,
  DemoClientPrivateJwk,
  DemoIdpOptions,
  DemoInterop,
  DemoMiddleTier,
  MisbehavingContext,
  Misbehaviour,
  RegisteredClient,
  RegisteredClientAuth,
} from './options.js';
export { type DemoIdp, type RefreshGrantCounts, startDemoIdp } from './start-demo-idp.js';
