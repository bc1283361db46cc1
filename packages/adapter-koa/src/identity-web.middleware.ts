// The Koa `identityWeb()` middleware and its state types: answers the auth routes and sets `ctx.state.auth`.
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  errorAnswer,
  type FrameworkExchange,
  requestFlow,
  type SignedInAuthContext,
} from '@identity-web/core/adapter';
import type { Middleware, Next, ParameterizedContext } from 'koa';
import { toHttpRequest, writeResult } from './http-exchange.js';

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
  const flow = requestFlow(identity, koaExchange, arguments);
  return function identityWebMiddleware(ctx, next) {
    // A promise whatever happens, as an async function gave: a caller outside a compose sees a
    // rejection, never a throw. Not `async`: a known session costs no promise of identity-web's
    // own beyond the one error mapping on `next()`'s.
    try {
      return Promise.resolve(flow(ctx, next));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

const koaExchange: FrameworkExchange<ParameterizedContext, Next, void> = {
  request: toHttpRequest,
  answer: (ctx, _next, result) => writeResult(ctx, result),
  proceed(ctx, next, auth) {
    ctx.state.auth = auth;
    // Interaction-required and not-authenticated become challenges, identity-web's own errors
    // with a status their answers; anything else, or anything thrown once the response has
    // started, goes on to the app's error handling.
    return settled(next).then(ignore, (error: unknown) => {
      const challenge = errorAnswer(ctx, error, ctx.headerSent);
      if (!challenge) throw error;
      writeResult(ctx, challenge);
    });
  },
};

/** What `next()` settles to, a throw or a value that is no promise included. */
function settled(next: Next): Promise<unknown> {
  try {
    return Promise.resolve(next());
  } catch (error) {
    return Promise.reject(error);
  }
}

function ignore(): void {}
