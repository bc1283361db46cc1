// Public entry of @identity-web/express: a translation layer between Express and the core's HTTP surface.
export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from '@identity-web/core/adapter';
export { authErrorHandler } from './auth-error-handler.js';
export { identityWeb, signedIn } from './identity-web.middleware.js';
export { apiBackChannelLogout, apiSecurityEvents, protectApi } from './protect-api.js';
export { type RequireAuthOptions, requireAuth } from './require-auth.js';
