// The Hono `protectApi()` guard: lets on only requests with a valid access token that meets the route's requirement.

import { type ApiExchange, apiGuardFlow, apiRouteFlow } from '@identity-web/core/adapter';
import type { ApiCaller, ApiRequirement, IdentityWebApi } from '@identity-web/core/api';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { answerOn, nothing, toHttpRequest } from './http-exchange.js';

/** Hono's side of the API's guard and routes. */
const honoApi: ApiExchange<Context<ApiEnv>, Next, Response | undefined, ApiCaller> = {
  calledBy: 'Hono called it with its context',
  request: toHttpRequest,
  answer: answerOn,
  proceed(c, next, caller, headers) {
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
    c.set('api', caller);
    return next().then(nothing); // as the web flow's: `next()` resolves to the context, not an answer
  },
  // Hono's compose keeps a handler's error in `c.error`, answered by `onError` (a 500 by default).
  kept: (c) => c.error,
  // A 5xx's details, hidden from the caller, when `authErrorHandler` answered it before `onError` saw it.
  report: (_c, error) => console.error(error),
};

/**
 * The variables after {@link protectApi}: `new Hono<ApiEnv>()`.
 *
 * @group Protected API
 */
export type ApiEnv = {
  /** What {@link protectApi} sets on the context (`c.var`). */
  Variables: {
    /** Who calls: `subject`, `clientId`, `scopes`, `roles`, `claims`, the `token` itself. */
    api: ApiCaller;
  };
};

/**
 * Guards API routes with access tokens: a request with a valid token of the API's providers
 * (as `Bearer`, or DPoP-bound with its proof) that meets `requirement` goes on with
 * `c.var.api`; any other is answered here as RFC 6750 and RFC 9449 say (401 with a
 * `WWW-Authenticate` challenge, 403 `insufficient_scope`, 400, or 503 with `Retry-After` when the
 * issuer's keys cannot be had). Needs no `identityWeb()` before it; runs on the edge. An
 * identity-web error a handler after it throws (`api.acquireTokenOnBehalfOf` refused, a store
 * down) is answered, once `onError` has seen it, as JSON `{ error, error_description }` with its
 * status and `Cache-Control: no-store` (a 5xx's without `error_description`); any other error
 * keeps `onError`'s answer. Without `api` it throws at once; mounted uncalled
 * (`app.get(path, protectApi, handler)`), each request fails with an error that says to write
 * `protectApi(api, { scopes })`.
 *
 * @example
 * ```ts
 * import { createIdentityWebApi } from '@identity-web/core/api';
 * import { type ApiEnv, protectApi } from '@identity-web/hono';
 * import { Hono } from 'hono';
 * import { createOidcApiProvider } from '@identity-web/oidc';
 *
 * const api = createIdentityWebApi({
 *   identityProvider: createOidcApiProvider({ issuer: 'https://login.example.com', clientId: 'orders-api' }),
 *   audience: 'api://orders',
 *   baseUrl: 'https://orders.example.com',
 * });
 * const app = new Hono<ApiEnv>();
 * app.get('/orders', protectApi(api, { scopes: ['orders.read'] }), (c) => c.json({ for: c.var.api.subject }));
 * ```
 *
 * @see RFC 6750 §3 (The WWW-Authenticate Response Header Field), RFC 9449 §7 (Protected Resource Access)
 *
 * @group Protected API
 */
export function protectApi(api: IdentityWebApi, requirement?: ApiRequirement): MiddlewareHandler<ApiEnv> {
  return apiGuardFlow(api, requirement, honoApi);
}

/**
 * The API's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0), for a `POST`
 * route whose URL is registered at the provider: a logout removes the tokens the API obtained on
 * behalf of the user and refuses the ended session's access tokens (`api.backChannelLogout`).
 *
 * @example
 * ```ts
 * app.post('/back-channel-logout', apiBackChannelLogout(api));
 * ```
 *
 * @group Protected API
 */
export function apiBackChannelLogout(api: IdentityWebApi): MiddlewareHandler {
  return apiRouteFlow(api, 'apiBackChannelLogout', honoApi);
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
export function apiSecurityEvents(api: IdentityWebApi): MiddlewareHandler {
  return apiRouteFlow(api, 'apiSecurityEvents', honoApi);
}
