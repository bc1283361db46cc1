// What the four example web apps share and nothing identity-web: their environment variables and their HTML.
export {
  type ClientPrivateJwk,
  type Env,
  EnvError,
  namingTheVariable,
  privateJwk,
  readEnv,
} from './env.js';
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
