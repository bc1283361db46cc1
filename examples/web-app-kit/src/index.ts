// What the four example web apps share and nothing identity-web: their environment variables and their HTML.
export { type Env, EnvError, readEnv } from './env.js';
export { namingTheVariable } from './naming-the-variable.js';
export { type ClientPrivateJwk, privateJwk } from './private-jwk.js';
export type { StoreSettings } from './stores-env.js';
export {
  apiAnswer,
  type CacheState,
  cachePage,
  escapeHtml,
  layout,
  type SessionForms,
  sessionsPage,
  userAndLinks,
} from './views.js';
