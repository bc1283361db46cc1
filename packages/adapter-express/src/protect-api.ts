// The Express `protectApi()` guard and the `req.api` it sets: lets on only requests with a valid access token that meets the route's requirement.

import { type ApiExchange, apiGuardFlow, apiRouteFlow } from '@identity-web/core/adapter';
import type { ApiCaller, ApiRequirement, IdentityWebApi } from '@identity-web/core/api';
import type { Request, RequestHandler } from 'express';
import { expressMiddleware, type Onward, toHttpRequest, writeResult } from './http-exchange.js';

/** Express's side of the API's guard and routes; a route's error reaches `authErrorHandler()`, not the guard. */
const expressApi: ApiExchange<Request, Onward, void, ApiCaller> = {
  calledBy: 'Express called it with its request',
  request: toHttpRequest,
  answer: (_req, { res }, result) => writeResult(res, result),
  proceed(req, { res, next }, caller, headers) {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    req.api = caller;
    next();
  },
  // A 5xx's details, hidden from the caller, when authErrorHandler() answers it.
  report: (_req, error) => console.error(error),
};

/**
 * Guards API routes with access tokens: a request with a valid token of the API's providers
 * (as `Bearer`, or DPoP-bound with its proof) that meets `requirement` goes on with `req.api`;
 * any other is answered here as RFC 6750 and RFC 9449 say (401 with a `WWW-Authenticate`
 * challenge, 403 `insufficient_scope`, 400, or 503 with `Retry-After` when the issuer's keys
 * cannot be had). Needs no `identityWeb()` before it. A failure of its own goes to `next(error)`.
 * An identity-web error a route behind it throws (`api.acquireTokenOnBehalfOf` refused, say) is
 * answered as JSON `{ error, error_description }` with its status by `authErrorHandler()`,
 * mounted after the routes: without it, Express's own handler answers with an HTML page.
 * Without `api` it throws at once; mounted uncalled (`app.get(path, protectApi, handler)`), each
 * request fails with an error that says to write `protectApi(api, { scopes })`.
 *
 * @example
 * ```ts
 * import { createIdentityWebApi } from '@identity-web/core/api';
 * import { authErrorHandler, protectApi } from '@identity-web/express';
 * import express from 'express';
 * import { createOidcApiProvider } from '@identity-web/oidc';
 *
 * const api = createIdentityWebApi({
 *   identityProvider: createOidcApiProvider({ issuer: 'https://login.example.com', clientId: 'orders-api' }),
 *   audience: 'api://orders',
 *   baseUrl: 'https://orders.example.com',
 * });
 * const app = express();
 * app.get('/orders', protectApi(api, { scopes: ['orders.read'] }), (req, res) => {
 *   res.json({ for: req.api.subject });
 * });
 * app.use(authErrorHandler()); // identity-web's errors of the routes above as JSON
 * ```
 *
 * @see RFC 6750 §3 (The WWW-Authenticate Response Header Field), RFC 9449 §7 (Protected Resource Access)
 *
 * @group Protected API
 */
export function protectApi(api: IdentityWebApi, requirement?: ApiRequirement): RequestHandler {
  return expressMiddleware('protectApi', apiGuardFlow(api, requirement, expressApi));
}

/**
 * The API's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0), for a `POST`
 * route whose URL is registered at the provider: a logout removes the tokens the API obtained on
 * behalf of the user and refuses the ended session's access tokens (`api.backChannelLogout`).
 * It reads the form body itself, or `express.urlencoded()`'s result when that ran before it.
 *
 * @example
 * ```ts
 * app.post('/back-channel-logout', apiBackChannelLogout(api));
 * ```
 *
 * @group Protected API
 */
export function apiBackChannelLogout(api: IdentityWebApi): RequestHandler {
  return expressMiddleware('apiBackChannelLogout', apiRouteFlow(api, 'apiBackChannelLogout', expressApi));
}

/**
 * The API's Shared Signals push endpoint (RFC 8935), for the `POST` route the transmitter's stream pushes to: a CAEP or RISC event about a user
 * ends their session and removes the tokens the API obtained on their behalf
 * (`api.securityEvents()`). Throws `invalid_option` at once without the API's `sharedSignals` option.
 *
 * @example
 * ```ts
 * app.post('/security-events', apiSecurityEvents(api));
 * ```
 *
 * @group Protected API
 */
export function apiSecurityEvents(api: IdentityWebApi): RequestHandler {
  return expressMiddleware('apiSecurityEvents', apiRouteFlow(api, 'apiSecurityEvents', expressApi));
}
