// Public entry of @identity-web/koa: a translation layer between Koa and the core's HTTP surface.
// The auth context's types (`AuthContext`, `SignedInAuthContext`, `RequireAuthOptions`, ...) are
// `@identity-web/core`'s: an app imports them from there, as each name has one entry.
export { type IdentityWebState, identityWeb, type SignedInState } from './identity-web.middleware.js';
export { type ApiState, apiBackChannelLogout, apiSecurityEvents, protectApi } from './protect-api.js';
export { type RequireAuthMiddleware, requireAuth } from './require-auth.js';
