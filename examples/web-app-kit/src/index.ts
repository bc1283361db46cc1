// What the example web apps share: their environment variables, the identity-web instance they make
// from them, and their HTML.
export {
  type AppIdentity,
  type AppIdentityExtras,
  type AppSettings,
  cacheState,
  createAppIdentity,
} from './app-identity.ts';
export {
  type ApiCallAnswer,
  type AppServer,
  callApiAs,
  homePage,
  nodeServer,
  type RunningApp,
  runApp,
} from './app-server.ts';
export { type Env, EnvError, readEnv } from './env.ts';
export { namingTheVariable } from './naming-the-variable.ts';
export { type ClientPrivateJwk, privateJwk } from './private-jwk.ts';
export type { StoreSettings } from './stores-env.ts';
export {
  apiAnswer,
  type CacheState,
  cachePage,
  escapeHtml,
  layout,
  type SessionForms,
  sessionsPage,
  userAndLinks,
} from './views.ts';
