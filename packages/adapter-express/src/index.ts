// Public entry of @identity-web/express: a translation layer between Express and the core's HTTP surface.
// The auth context's types (`AuthContext`, `SignedInAuthContext`, `RequireAuthOptions`, ...) are
// `@identity-web/core`'s: an app imports them from there, as each name has one entry.
export { authErrorHandler } from './auth-error-handler.js';
export { identityWeb, signedIn } from './identity-web.middleware.js';
export { apiBackChannelLogout, apiSecurityEvents, protectApi } from './protect-api.js';
export { requireAuth } from './require-auth.js';
