// Public entry of @identity-web/koa: a translation layer between Koa and the core's HTTP surface.
export type { AuthContext, UserSummary } from '@identity-web/core';
export { type IdentityWebState, identityWeb, requireAuth } from './middleware.js';
