// Public entry of @identity-web/koa: a translation layer between Koa and the core's HTTP surface.
export type { AuthContext, UserSummary } from '@identity-web/core/adapter';
export { type IdentityWebState, identityWeb } from './identity-web.middleware.js';
export { type RequireAuthOptions, requireAuth } from './require-auth.js';
