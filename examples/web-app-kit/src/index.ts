// What the four example web apps share and nothing identity-web: their environment variables and their HTML.
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
