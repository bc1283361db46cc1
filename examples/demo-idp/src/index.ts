// Public entry of the demo IdP (examples only; not a package to deploy).

// `pnpm demo:idp`'s own steps, for tests that run what its command line starts without a child process.
export { type DemoIdpCli, parseDemoIdpArgs } from './cli.js';
export { planIdps } from './idp-plan.js';
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
export { startPlannedIdps } from './start-idps.js';
export { startMessage } from './start-message.js';
