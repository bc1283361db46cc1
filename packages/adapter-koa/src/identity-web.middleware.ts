// The Koa `identityWeb()` middleware and its state types: answers the auth routes and sets `ctx.state.auth`.
import type { AdaptedIdentityWeb, AuthContext, HttpRequest, SignedInAuthContext } from '@identity-web/core/adapter';
import { invalidArgument } from '@identity-web/core/adapter';
import type { Middleware, Next, ParameterizedContext } from 'koa';
import { toHttpRequest, writeResult } from './http-exchange.js';
import { bindState } from './request-state.js';

/** The `ctx.state` the middleware provides: `new Router<IdentityWebState>()`, `new Koa<IdentityWebState>()`. */
export interface IdentityWebState {
  /** The request's auth context: `isAuthenticated`, `user`, `acquireToken(...)`, `csrfToken`, ... */
  auth: AuthContext;
}

/** The `ctx.state` behind {@link requireAuth}; types a handler written apart: `RouterMiddleware<SignedInState>`. */
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
 */
export function identityWeb(identity: AdaptedIdentityWeb): Middleware<IdentityWebState> {
  if (typeof identity?.http?.handle !== 'function' || typeof identity.http.origin !== 'string') {
    throw invalidArgument('identity', '"identity" must be what createIdentityWeb() from @identity-web/core returns');
  }
  // biome-ignore lint/complexity/noArguments: a JavaScript caller's options would be ignored without a word.
  if (arguments.length > 1)
    throw invalidArgument('options', 'identityWeb(identity) takes no options: give them to createIdentityWeb()');
  const { http } = identity;
  // Not `async`, and no `await` on the way in: a known session and a route that goes on cost
  // no promise of identity-web's own beyond the one error mapping on `next()`'s.
  return function identityWebMiddleware(ctx, next) {
    // A promise whatever happens, as an async function gave: a caller outside a compose sees a
    // rejection, never a throw.
    try {
      return enter(ctx, next);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  function enter(ctx: ParameterizedContext, next: Next): Promise<void> {
    const req = toHttpRequest(ctx, http.origin);
    const route = http.handle(req);
    if (route !== null) return route.then((result) => writeResult(ctx, result));
    let pending: AuthContext | Promise<AuthContext>;
    try {
      pending = http.context(req);
    } catch (error) {
      return Promise.resolve(storeFailure(ctx, req, error));
    }
    if (pending instanceof Promise) {
      return pending.then(
        (auth) => proceed(ctx, next, req, auth),
        (error: unknown) => storeFailure(ctx, req, error),
      );
    }
    return proceed(ctx, next, req, pending);
  }

  /**
   * Reading the session failed (a store is down): answered here, 503 with Retry-After, whatever
   * error handler the app mounted before this middleware.
   */
  function storeFailure(ctx: ParameterizedContext, req: HttpRequest, error: unknown): void {
    const answer = http.handleError(req, error);
    if (!answer) throw error;
    writeResult(ctx, answer);
  }

  function proceed(ctx: ParameterizedContext, next: Next, req: HttpRequest, auth: AuthContext): Promise<void> {
    ctx.state.auth = auth;
    bindState(ctx, { http, req, auth });
    // Interaction-required and not-authenticated become challenges, identity-web's own errors
    // with a status their answers; anything else, or anything thrown once the response has
    // started, goes on to the app's error handling.
    return settled(next).then(ignore, (error: unknown) => {
      const challenge = ctx.headerSent ? null : http.handleError(req, error);
      if (!challenge) throw error;
      writeResult(ctx, challenge);
    });
  }
}

/** What `next()` settles to, a throw or a value that is no promise included. */
function settled(next: Next): Promise<unknown> {
  try {
    return Promise.resolve(next());
  } catch (error) {
    return Promise.reject(error);
  }
}

function ignore(): void {}
