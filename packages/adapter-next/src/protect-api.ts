// Route handlers of an API: `protectApi()` lets on only requests with a valid access token that meets the route's requirement.

import { type ApiExchange, apiGuardFlow, apiRouteFlow, WebHttpRequest } from '@identity-web/core/adapter';
import type { ApiCaller, ApiRequirement, IdentityWebApi } from '@identity-web/core/api';
import { refuseTheEdge } from './instance.js';
import type { ApiRouteHandler, RouteHandler } from './route-handlers.js';
import { toResponse } from './web-exchange.js';

/** Next.js's side of the API's guard and routes: a route handler's request, answered with a `Response`. */
const nextApi: ApiExchange<Request, (caller: ApiCaller) => Response | Promise<Response>, Response, ApiCaller> = {
  calledBy: 'Next.js called it with its request',
  write: (call) =>
    `${call.startsWith('protectApi') ? 'export const GET = protectApi(api, { scopes }, handler)' : `export const POST = ${call}`} (api, or a function that returns it)`,
  request: (request, origin) => new WebHttpRequest(request, origin),
  answer: (_request, _handle, result) => toResponse(result),
  async proceed(_request, handle, caller, headers) {
    const response = await handle(caller);
    if (Object.keys(headers).length === 0) return response;
    // A response's headers may be immutable (one passed on from `fetch`): a copy carries the nonce.
    const answer = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) answer.headers.set(name, value);
    return answer;
  },
  report: (_request, error) => console.error(error), // its details are left out of the answer
};

/**
 * Guards a route handler of an API with access tokens: a request with a valid token of the
 * API's providers (as `Bearer`, or DPoP-bound with its proof) that meets `requirement` reaches
 * `handler` with the caller as `context.api`; any other is answered as RFC 6750 and RFC 9449 say
 * (401 with a `WWW-Authenticate` challenge, 403 `insufficient_scope`, 400, or 503 with
 * `Retry-After` when the issuer's keys cannot be had). `api` may be a function that makes it,
 * called at the first request, so `next build` never reads the API's settings. An identity-web
 * error `handler` throws (`api.acquireTokenOnBehalfOf` refused, a store down) is answered as
 * JSON `{ error, error_description }` with its status and `Cache-Control: no-store` (a 5xx's
 * description left out, the error itself on `console.error`); any other goes on to Next.js.
 * Without `api` it throws at once; exported uncalled (`export const GET = protectApi`), each
 * request fails with an error that says to write `protectApi(api, { scopes }, handler)`.
 *
 * @example
 * ```ts
 * // app/api/orders/route.ts
 * import { createIdentityWebApi } from '@identity-web/core/api';
 * import { protectApi } from '@identity-web/next';
 * import { createOidcApiProvider } from '@identity-web/oidc';
 *
 * const api = () =>
 *   createIdentityWebApi({
 *     identityProvider: createOidcApiProvider({ issuer: process.env.ISSUER!, clientId: 'orders-api' }),
 *     audience: 'api://orders',
 *     baseUrl: process.env.API_URL!,
 *   });
 * export const GET = protectApi(api, { scopes: ['orders.read'] }, async (_request, { api }) =>
 *   Response.json({ for: api.subject }),
 * );
 * ```
 *
 * @see RFC 6750 §3 (The WWW-Authenticate Response Header Field), RFC 9449 §7 (Protected Resource Access)
 *
 * @group Protected API
 */
export function protectApi<Context, R extends Request = Request>(
  api: IdentityWebApi | (() => IdentityWebApi),
  requirement: ApiRequirement | undefined,
  handler: ApiRouteHandler<Context, R>,
): RouteHandler<Context, R> {
  const guarded = apiGuardFlow(api, requirement, nextApi);
  return async (request, context) => {
    refuseTheEdge(); // before a factory of the API is called
    return guarded(request, (caller) => handler(request as R, { ...context, api: caller }));
  };
}

/**
 * The API's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0), as a route
 * handler's `POST` whose URL is registered at the provider: a logout removes the tokens the API
 * obtained on behalf of the user and refuses the ended session's access tokens
 * (`api.backChannelLogout`).
 *
 * @example
 * ```ts
 * // app/back-channel-logout/route.ts
 * export const POST = apiBackChannelLogout(() => api);
 * ```
 *
 * @group Protected API
 */
export function apiBackChannelLogout(
  api: IdentityWebApi | (() => IdentityWebApi),
): (request: Request) => Promise<Response> {
  return apiRoute(api, 'apiBackChannelLogout');
}

/**
 * The API's Shared Signals push endpoint (RFC 8935), as a route handler's `POST`, the URL the transmitter's stream pushes to: a CAEP or RISC event about a user
 * ends their session and removes the tokens the API obtained on their behalf
 * (`api.securityEvents()`). Throws `invalid_option` at once without the API's `sharedSignals` option.
 *
 * @example
 * ```ts
 * // app/security-events/route.ts
 * export const POST = apiSecurityEvents(() => api);
 * ```
 *
 * @group Protected API
 */
export function apiSecurityEvents(
  api: IdentityWebApi | (() => IdentityWebApi),
): (request: Request) => Promise<Response> {
  return apiRoute(api, 'apiSecurityEvents');
}

/** A `POST` route handler answered by the API. */
function apiRoute(api: IdentityWebApi | (() => IdentityWebApi), name: 'apiBackChannelLogout' | 'apiSecurityEvents') {
  const route = apiRouteFlow(api, name, nextApi);
  return async (request: Request) => {
    refuseTheEdge(); // before a factory of the API is called
    return route(request, () => new Response(null));
  };
}
