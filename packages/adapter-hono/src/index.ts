// Public entry of @identity-web/hono: Web APIs and Hono only, so it runs on Node and on the edge.
export type {
  AnonymousAuthContext,
  AuthContext,
  SignedInAuthContext,
  UserSummary,
} from '@identity-web/core/adapter';
export { authErrorHandler } from './auth-error-handler.js';
export {
  type IdentityWebEnv,
  type IdentityWebVariables,
  identityWeb,
  type SignedInEnv,
  type SignedInVariables,
} from './identity-web.middleware.js';
export { type ApiEnv, apiBackChannelLogout, apiSecurityEvents, protectApi } from './protect-api.js';
export { type RequireAuthMiddleware, type RequireAuthOptions, requireAuth } from './require-auth.js';
