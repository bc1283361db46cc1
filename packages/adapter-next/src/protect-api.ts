// Route handlers of an API: `protectApi()` lets on only requests with a valid access token that meets the route's requirement.

import type { HttpRequest, HttpResult } from '@identity-web/core';
import { WebHttpRequest } from '@identity-web/core/adapter';
import type { ApiCaller, ApiRequirement, IdentityWebApi } from '@identity-web/core/api';
import { refuseTheEdge } from './instance.js';
import type { RouteHandler } from './route-handlers.js';
import { toResponse } from './web-exchange.js';

/** The handler an API writes behind {@link protectApi}: the route's context with the caller as `api`. */
export type ApiRouteHandler<Context, R extends Request = Request> = (
  request: R,
  context: Context & {
    /** Who calls: `subject`, `clientId`, `scopes`, `roles`, `claims`, the `token` itself. */
    readonly api: ApiCaller;
  },
) => Response | Promise<Response>;

/**
 * Guards a route handler of an API with access tokens: a request with a valid token of the
 * API's providers (as `Bearer`, or DPoP-bound with its proof) that meets `requirement` reaches
 * `handler` with the caller as `context.api`; any other is answered as RFC 6750 and RFC 9449 say
 * (401 with a `WWW-Authenticate` challenge, 403 `insufficient_scope`, 400, or 503 with
 * `Retry-After` when the issuer's keys cannot be had). `api` may be a function that makes it,
 * called at the first request, so `next build` never reads the API's settings.
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
 */
export function protectApi<Context, R extends Request = Request>(
  api: IdentityWebApi | (() => IdentityWebApi),
  requirement: ApiRequirement | undefined,
  handler: ApiRouteHandler<Context, R>,
): RouteHandler<Context, R> {
  let made: { api: IdentityWebApi; guard: ReturnType<IdentityWebApi['guard']> } | undefined;
  const make = () => {
    const instance = typeof api === 'function' ? api() : api;
    return { api: instance, guard: instance.guard(requirement) };
  };
  // Made now when given made, so a mistaken requirement fails at import rather than at a request.
  if (typeof api !== 'function') made = make();
  return async (request, context) => {
    refuseTheEdge();
    made ??= make();
    const verdict = await made.guard(new WebHttpRequest(request, made.api.origin));
    if (verdict.caller === null) return toResponse(verdict.answer);
    const response = await handler(request, { ...context, api: verdict.caller });
    const headers = Object.entries(verdict.headers);
    if (headers.length === 0) return response;
    // A response's headers may be immutable (one passed on from `fetch`): a copy carries the nonce.
    const answer = new Response(response.body, response);
    for (const [name, value] of headers) answer.headers.set(name, value);
    return answer;
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
 */
export function apiBackChannelLogout(
  api: IdentityWebApi | (() => IdentityWebApi),
): (request: Request) => Promise<Response> {
  return async (request) => {
    refuseTheEdge();
    const instance = typeof api === 'function' ? api() : api;
    return toResponse(await instance.backChannelLogout(new WebHttpRequest(request, instance.origin)));
  };
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
 */
export function apiSecurityEvents(
  api: IdentityWebApi | (() => IdentityWebApi),
): (request: Request) => Promise<Response> {
  // An instance is asked at once (a mistake fails at start); a factory at the first request.
  let receive: ((request: HttpRequest) => Promise<HttpResult>) | undefined =
    typeof api === 'function' ? undefined : api.securityEvents();
  return async (request) => {
    refuseTheEdge();
    const instance = typeof api === 'function' ? api() : api;
    receive ??= instance.securityEvents();
    return toResponse(await receive(new WebHttpRequest(request, instance.origin)));
  };
}
