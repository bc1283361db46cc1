// The Fastify `protectApi()` hook and the `request.api` it sets: lets on only requests with a valid access token that meets the route's requirement.
import { type ApiExchange, apiGuardFlow, apiRouteFlow } from '@identity-web/core/adapter';
import type { ApiCaller, ApiRequirement, IdentityWebApi } from '@identity-web/core/api';
import type { FastifyReply, FastifyRequest, RouteShorthandOptionsWithHandler } from 'fastify';
import { sendResult, toHttpRequest } from './http-exchange.js';

/** Fastify's side of the API's guard and routes; a route's error reaches `authErrorHandler()`, not the hook. */
const fastifyApi: ApiExchange<FastifyRequest, FastifyReply, FastifyReply | undefined, ApiCaller> = {
  calledBy: 'Fastify called it with its request',
  write: (call) => (call.startsWith('protectApi') ? `{ preHandler: ${call} } in the route` : `${call} in the route`),
  request: toHttpRequest,
  answer: (_request, reply, result) => sendResult(reply, result),
  proceed(request, reply, caller, headers) {
    reply.headers(headers);
    request.api = caller;
    return undefined;
  },
  // A 5xx's details, hidden from the caller, when authErrorHandler() answers it: the request's log.
  report: (request, error) => request.log.error({ err: error }, (error as Error).message),
};

// `request.api` is declared with `request.auth`, in identity-web.plugin.ts.

/**
 * What {@link protectApi} returns: a `preHandler` (or `onRequest`) hook.
 *
 * @group Protected API
 */
export type ProtectApiHook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * Guards API routes with access tokens: a request with a valid token of the API's providers
 * (as `Bearer`, or DPoP-bound with its proof) that meets `requirement` goes on with
 * `request.api`; any other is answered here as RFC 6750 and RFC 9449 say (401 with a
 * `WWW-Authenticate` challenge, 403 `insufficient_scope`, 400, or 503 with `Retry-After` when the
 * issuer's keys cannot be had). Needs no `identityWeb` plugin. An identity-web error the route's
 * handler throws (`api.acquireTokenOnBehalfOf` refused, a store down) is answered as JSON
 * `{ error, error_description }` with its status by `authErrorHandler()` as the app's error
 * handler (`app.setErrorHandler(authErrorHandler())`). Without `api` it throws at once; passed
 * uncalled (`{ preHandler: protectApi }`), each request fails with an error that says to write
 * `protectApi(api, { scopes })`.
 *
 * @example
 * ```ts
 * import { createIdentityWebApi } from '@identity-web/core/api';
 * import { authErrorHandler, protectApi } from '@identity-web/fastify';
 * import Fastify from 'fastify';
 * import { createOidcApiProvider } from '@identity-web/oidc';
 *
 * const api = createIdentityWebApi({
 *   identityProvider: createOidcApiProvider({ issuer: 'https://login.example.com', clientId: 'orders-api' }),
 *   audience: 'api://orders',
 *   baseUrl: 'https://orders.example.com',
 * });
 * const app = Fastify();
 * app.setErrorHandler(authErrorHandler()); // identity-web's errors of API routes as JSON
 * app.get('/orders', { preHandler: protectApi(api, { scopes: ['orders.read'] }) }, async (request) => ({
 *   for: request.api.subject,
 * }));
 * ```
 *
 * @see RFC 6750 §3 (The WWW-Authenticate Response Header Field), RFC 9449 §7 (Protected Resource Access)
 *
 * @group Protected API
 */
export function protectApi(api: IdentityWebApi, requirement?: ApiRequirement): ProtectApiHook {
  return apiGuardFlow(api, requirement, fastifyApi);
}

/**
 * The API's back-channel logout endpoint (OpenID Connect Back-Channel Logout 1.0), as the options
 * of a `POST` route whose URL is registered at the provider: a logout removes the tokens the API
 * obtained on behalf of the user and refuses the ended session's access tokens
 * (`api.backChannelLogout`). It answers in `onRequest`, before Fastify's content-type parsers
 * (none takes a form body by default), and reads the body itself.
 *
 * @example
 * ```ts
 * fastify.post('/back-channel-logout', apiBackChannelLogout(api));
 * ```
 *
 * @group Protected API
 */
export function apiBackChannelLogout(api: IdentityWebApi): RouteShorthandOptionsWithHandler {
  return answeredOnRequest(apiRouteFlow(api, 'apiBackChannelLogout', fastifyApi));
}

/**
 * The API's Shared Signals push endpoint (RFC 8935), as the options of the `POST` route the transmitter's stream pushes to; it answers in `onRequest`,
 * before Fastify's content-type parsers (none takes `application/secevent+jwt`): a CAEP or RISC event about a user
 * ends their session and removes the tokens the API obtained on their behalf
 * (`api.securityEvents()`). Throws `invalid_option` at once without the API's `sharedSignals` option.
 *
 * @example
 * ```ts
 * fastify.post('/security-events', apiSecurityEvents(api));
 * ```
 *
 * @group Protected API
 */
export function apiSecurityEvents(api: IdentityWebApi): RouteShorthandOptionsWithHandler {
  return answeredOnRequest(apiRouteFlow(api, 'apiSecurityEvents', fastifyApi));
}

/** A route's options that answer it in `onRequest`, before Fastify's content-type parsers; its handler is never reached. */
function answeredOnRequest(answer: ProtectApiHook): RouteShorthandOptionsWithHandler {
  return { onRequest: answer, handler: async (_request, reply) => reply };
}
