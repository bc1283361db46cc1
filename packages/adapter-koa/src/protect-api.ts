// The Koa `protectApi()` guard: lets on only requests with a valid access token that meets the route's requirement.

import { type ApiExchange, apiGuardFlow, apiRouteFlow } from '@identity-web/core/adapter';
import type { ApiCaller, ApiRequirement, IdentityWebApi } from '@identity-web/core/api';
import type { Middleware, Next, ParameterizedContext } from 'koa';
import { toHttpRequest, writeResult } from './http-exchange.js';

/** Koa's side of the API's guard and routes. */
const koaApi: ApiExchange<ParameterizedContext<ApiState>, Next, unknown, ApiCaller> = {
  calledBy: 'Koa called it with its context',
  request: toHttpRequest,
  answer: (ctx, _next, result) => writeResult(ctx, result),
  proceed(ctx, next, caller, headers) {
    ctx.set(headers);
    ctx.state.api = caller;
    return next();
  },
  sent: (ctx) => ctx.headerSent,
  report: (ctx, error) => ctx.app.emit('error', error, ctx), // its details are hidden from the caller
};

/**
 * The `ctx.state` after {@link protectApi}: `new Router<ApiState>()`.
 *
 * @group Protected API
 */
export interface ApiState {
  /** Who calls: `subject`, `clientId`, `scopes`, `roles`, `claims`, the `token` itself. */
  api: ApiCaller;
}

/**
 * Guards API routes with access tokens: a request with a valid token of the API's providers
 * (as `Bearer`, or DPoP-bound with its proof) that meets `requirement` goes on with
 * `ctx.state.api`; any other is answered here as RFC 6750 and RFC 9449 say (401 with a
 * `WWW-Authenticate` challenge, 403 `insufficient_scope`, 400, or 503 with `Retry-After` when the
 * issuer's keys cannot be had). Needs no `identityWeb()` before it. An identity-web error a
 * handler after it throws (`api.acquireTokenOnBehalfOf` refused, a store down) is answered here
 * as JSON `{ error, error_description }` with the error's status and `Cache-Control: no-store`
 * (a 5xx's without `error_description`, the error itself emitted as Koa's `'error'` event); any other
 * error goes on to the app's error handling. Without `api` it throws at once; mounted uncalled
 * (`router.get(path, protectApi, handler)`), each request fails with an error that says to write
 * `protectApi(api, { scopes })`.
 *
 * @example
 * ```ts
 * import { createIdentityWebApi } from '@identity-web/core/api';
 * import { type ApiState, protectApi } from '@identity-web/koa';
 * import Router from '@koa/router';
 * import { createOidcApiProvider } from '@identity-web/oidc';
 *
 * const api = createIdentityWebApi({
 *   identityProvider: createOidcApiProvider({ issuer: 'https://login.example.com', clientId: 'orders-api' }),
 *   audience: 'api://orders',
 *   baseUrl: 'https://orders.example.com',
 * });
 * const router = new Router<ApiState>();
 * router.get('/orders', protectApi(api, { scopes: ['orders.read'] }), (ctx) => {
 *   ctx.body = { for: ctx.state.api.subject };
 * });
 * ```
 *
 * @see RFC 6750 §3 (The WWW-Authenticate Response Header Field), RFC 9449 §7 (Protected Resource Access)
 *
 * @group Protected API
 */
export function protectApi(api: IdentityWebApi, requirement?: ApiRequirement): Middleware<ApiState> {
  return apiGuardFlow(api, requirement, koaApi);
}

/**
 * The API's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0), for a `POST`
 * route whose URL is registered at the provider: a logout removes the tokens the API obtained on
 * behalf of the user and refuses the ended session's access tokens (`api.backChannelLogout`).
 * It reads the form body itself, or a body parser's result when one ran before it.
 *
 * @example
 * ```ts
 * router.post('/back-channel-logout', apiBackChannelLogout(api));
 * ```
 *
 * @group Protected API
 */
export function apiBackChannelLogout(api: IdentityWebApi): Middleware {
  return apiRouteFlow(api, 'apiBackChannelLogout', koaApi);
}

/**
 * The API's Shared Signals push endpoint (RFC 8935), for the `POST` route the transmitter's stream pushes to: a CAEP or RISC event about a user
 * ends their session and removes the tokens the API obtained on their behalf
 * (`api.securityEvents()`). Throws `invalid_option` at once without the API's `sharedSignals` option.
 *
 * @example
 * ```ts
 * router.post('/security-events', apiSecurityEvents(api));
 * ```
 *
 * @group Protected API
 */
export function apiSecurityEvents(api: IdentityWebApi): Middleware {
  return apiRouteFlow(api, 'apiSecurityEvents', koaApi);
}
