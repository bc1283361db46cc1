// Public entry of @identity-web/koa: a translation layer between Koa and the core's HTTP surface.
export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from '@identity-web/core/adapter';
export { type IdentityWebState, identityWeb, type SignedInState } from './identity-web.middleware.js';
export { type ApiState, apiBackChannelLogout, apiSecurityEvents, protectApi } from './protect-api.js';
export { type RequireAuthMiddleware, type RequireAuthOptions, requireAuth } from './require-auth.js';
