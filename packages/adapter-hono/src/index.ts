// Public entry of @identity-web/hono: Web APIs and Hono only, so it runs on Node and on the edge.
// The auth context's types (`AuthContext`, `SignedInAuthContext`, `RequireAuthOptions`, ...) are
// `@identity-web/core`'s: an app imports them from there, as each name has one entry.
export { authErrorHandler } from './auth-error-handler.js';
export {
  type IdentityWebEnv,
  type IdentityWebVariables,
  identityWeb,
  type SignedInEnv,
  type SignedInVariables,
} from './identity-web.middleware.js';
export { type ApiEnv, apiBackChannelLogout, apiSecurityEvents, protectApi } from './protect-api.js';
export { type RequireAuthMiddleware, requireAuth } from './require-auth.js';
