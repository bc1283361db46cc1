// The Koa `identityWeb()` middleware and its state types: answers the auth routes and sets `ctx.state.auth`.
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  requestFlow,
  type SignedInAuthContext,
} from '@identity-web/core/adapter';
import type { Middleware } from 'koa';
import { koaExchange, koaMiddleware } from './http-exchange.js';

/**
 * The `ctx.state` the middleware provides: `new Router<IdentityWebState>()`, `new Koa<IdentityWebState>()`.
 *
 * @group Requests
 */
export interface IdentityWebState {
  /** The request's auth context: `isAuthenticated`, `user`, `acquireToken(...)`, `csrfToken`, ... */
  auth: AuthContext;
}

/**
 * The `ctx.state` behind {@link requireAuth}; types a handler written apart: `RouterMiddleware<SignedInState>`.
 *
 * @group Requests
 */
export interface SignedInState {
  /** The signed-in user's auth context: `user`, `account` and `csrfToken` are never `null`. */
  auth: SignedInAuthContext;
}

/**
 * Mounts identity-web on a Koa app: answers the auth routes under `basePath`, sets
 * `ctx.state.auth` on every other request, and turns an `InteractionRequiredError` (or "not
 * signed in") thrown further down into a challenge: a redirect to sign-in for a browser, 401
 * JSON for an API call.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { type IdentityWebState, identityWeb } from '@identity-web/koa';
 * import Koa from 'koa';
 *
 * const app = new Koa<IdentityWebState>();
 * app.use(identityWeb(createIdentityWeb({ identityProvider, baseUrl, secret })));
 * app.use((ctx) => {
 *   ctx.body = ctx.state.auth.isAuthenticated ? `Hello ${ctx.state.auth.user.subject}` : 'Hello';
 * });
 * ```
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see OpenID Connect RP-Initiated Logout 1.0 §2, Front-Channel Logout 1.0 §2 and Back-Channel
 * Logout 1.0 §2.5: the sign-out and logout routes it answers.
 *
 * @group Setup
 */
export function identityWeb(identity: AdaptedIdentityWeb): Middleware<IdentityWebState> {
  // biome-ignore lint/complexity/noArguments: options given, or the factory mounted uncalled, are refused by name.
  return koaMiddleware(requestFlow(identity, koaExchange, arguments));
}
