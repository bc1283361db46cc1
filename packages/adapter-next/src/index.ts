// Public entry of @identity-web/next: the App Router's route handlers, renders and proxy, on the Node runtime.
// The auth context's types (`AuthContext`, `SignedInAuthContext`, `RequireAuthOptions`, ...) are
// `@identity-web/core`'s: an app imports them from there, as each name has one entry.
export { type IdentityWebNext, type NextIdentityWebOptions, nextIdentityWeb } from './next-identity-web.js';
export { apiBackChannelLogout, apiSecurityEvents, protectApi } from './protect-api.js';
export type { IdentityProxyOptions } from './proxy.js';
export type { RequirePageAuthOptions } from './render.js';
export type { ApiRouteHandler, AuthRouteHandler, RouteHandler, WithAuthContext } from './route-handlers.js';
