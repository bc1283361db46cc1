// Public entry of @identity-web/fastify: a translation layer between Fastify and the core's HTTP surface.
// The auth context's types (`AuthContext`, `SignedInAuthContext`, `RequireAuthOptions`, ...) are
// `@identity-web/core`'s: an app imports them from there, as each name has one entry.
import { identityWeb } from './identity-web.plugin.js';

export { authErrorHandler, type ErrorHandler } from './auth-error-handler.js';
export { type IdentityWebPluginOptions, identityWeb, type SignedInRoute } from './identity-web.plugin.js';
export { apiBackChannelLogout, apiSecurityEvents, type ProtectApiHook, protectApi } from './protect-api.js';
export { type RequireAuthHook, requireAuth } from './require-auth.js';

/** The plugin as the default export too, as Fastify plugins are usually published. */
export default identityWeb;
