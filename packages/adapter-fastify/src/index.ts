// Public entry of @identity-web/fastify: a translation layer between Fastify and the core's HTTP surface.
import { identityWeb } from './identity-web.plugin.js';

export type { AnonymousAuthContext, AuthContext, SignedInAuthContext, UserSummary } from '@identity-web/core/adapter';
export { authErrorHandler, type ErrorHandler } from './auth-error-handler.js';
export { type IdentityWebOptions, identityWeb, type SignedInRoute } from './identity-web.plugin.js';
export { apiBackChannelLogout, apiSecurityEvents, type ProtectApiHook, protectApi } from './protect-api.js';
export { type RequireAuthHook, type RequireAuthOptions, requireAuth } from './require-auth.js';

/** The plugin as the default export too, as Fastify plugins are usually published. */
export default identityWeb;
