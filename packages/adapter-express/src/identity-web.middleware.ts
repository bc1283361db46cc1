// The Express `identityWeb()` middleware and the `req.auth` it sets: answers the auth routes, gives every other request its auth context.
import { ErrorCode, IdentityWebError } from '@identity-web/core';
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  requestFlow,
  type SignedInAuthContext,
} from '@identity-web/core/adapter';
import type { ApiCaller } from '@identity-web/core/api';
import type { Request, RequestHandler } from 'express';
import { firstRequest } from './first-request.js';
import { expressExchange, expressMiddleware } from './http-exchange.js';

declare global {
  namespace Express {
    interface Request {
      /**
       * The request's auth context, set by `identityWeb()` from `@identity-web/express`:
       * `isAuthenticated`, `user`, `acquireToken(...)`, `callApi(...)`, `csrfToken`, ...
       */
      auth: AuthContext;
      /**
       * Who calls a route behind `protectApi()` from `@identity-web/express`: `subject`,
       * `clientId`, `scopes`, `roles`, `claims`, the `token` itself. Not set on other routes.
       */
      api: ApiCaller;
    }
  }
}

/**
 * `req.auth` typed signed in, for the handlers behind {@link requireAuth}: `user`, `account` and
 * `csrfToken` are never `null`. (Express types every handler of a route alike, so a guard
 * before a handler cannot narrow `req.auth` for it.) On a request no one is signed in to, it
 * throws the `not_authenticated` error, which {@link authErrorHandler} answers with the
 * challenge: a handler mounted without `requireAuth()` by mistake still never runs anonymous.
 *
 * @example
 * ```ts
 * app.get('/me', requireAuth(), (req, res) => {
 *   const { user, csrfToken } = signedIn(req);
 *   res.json({ name: user.name, csrfToken });
 * });
 * ```
 *
 * @group Requests
 */
export function signedIn(req: Request): SignedInAuthContext {
  const { auth } = req;
  if (auth?.isAuthenticated) return auth;
  throw new IdentityWebError(
    ErrorCode.NotAuthenticated,
    'no user is signed in: mount requireAuth() before this handler',
  );
}

/**
 * Mounts identity-web on an Express app (Express 5, or 4.21 and later): answers the auth routes
 * under `basePath` (`/auth/sign-in`, `/auth/callback`, `/auth/sign-out`, the logout
 * notifications, ...) and sets `req.auth` on every other request. Mount it before the routes
 * that read `req.auth`, and {@link authErrorHandler} after them, so that an
 * `InteractionRequiredError` a route throws becomes a trip to sign-in rather than a 500.
 *
 * No body parser is needed: the auth routes read their small form bodies themselves, up to
 * 64 KiB, from the stream or from what `express.urlencoded()` (or `text`, `raw`) left.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { authErrorHandler, identityWeb, requireAuth, signedIn } from '@identity-web/express';
 * import express from 'express';
 *
 * const app = express();
 * app.use(identityWeb(identity));
 * app.get('/', (req, res) => {
 *   res.send(req.auth.isAuthenticated ? `Hello ${req.auth.user.name}` : 'Hello');
 * });
 * app.get('/me', requireAuth(), (req, res) => {
 *   res.json(signedIn(req).user); // signed in: never null here
 * });
 * app.use(authErrorHandler()); // after the routes, before the app's own error handler
 * ```
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see OpenID Connect RP-Initiated Logout 1.0 §2, Front-Channel Logout 1.0 §2 and Back-Channel
 * Logout 1.0 §2.5: the sign-out and logout routes it answers.
 *
 * @group Setup
 */
export function identityWeb(identity: AdaptedIdentityWeb): RequestHandler {
  // biome-ignore lint/complexity/noArguments: options given, or the factory mounted uncalled, are refused by name.
  const flow = requestFlow(identity, expressExchange, arguments);
  let looked = false;
  return expressMiddleware('identityWebMiddleware', (request, onward) => {
    if (!looked) {
      looked = true;
      firstRequest(request, (event, message) => identity.http.warn(event, message));
    }
    return flow(request, onward);
  });
}
