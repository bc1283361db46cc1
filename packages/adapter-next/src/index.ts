// Public entry of @identity-web/next: the App Router's route handlers, renders and proxy, on the Node runtime.
export type {
  AnonymousAuthContext,
  AuthContext,
  RequireAuthOptions,
  SignedInAuthContext,
  UserSummary,
} from '@identity-web/core/adapter';
export { type IdentityWebNext, type NextIdentityWebOptions, nextIdentityWeb } from './next-identity-web.js';
export { type ApiRouteHandler, apiBackChannelLogout, apiSecurityEvents, protectApi } from './protect-api.js';
export type { IdentityProxyOptions } from './proxy.js';
export type { RequirePageAuthOptions } from './render.js';
export type { AuthRouteHandler, RouteHandler, WithAuthContext } from './route-handlers.js';
