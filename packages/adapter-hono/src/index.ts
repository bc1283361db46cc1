// Public entry of @identity-web/hono: Web APIs and Hono only, so it runs on Node and on the edge.
export type { AuthContext, UserSummary } from '@identity-web/core/adapter';
export { authErrorHandler } from './auth-error-handler.js';
export { type IdentityWebEnv, type IdentityWebVariables, identityWeb } from './identity-web.middleware.js';
export { type RequireAuthOptions, requireAuth } from './require-auth.js';
