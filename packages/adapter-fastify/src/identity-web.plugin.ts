// The Fastify `identityWeb` plugin and the `request.auth` types: answers the auth routes in `onRequest`,
// sets `request.auth`, and answers identity-web's errors with their challenge.

import { ErrorCode, IdentityWebError } from '@identity-web/core';
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  errorAnswer,
  requestFlow,
  type SignedInAuthContext,
} from '@identity-web/core/adapter';
import type { ApiCaller } from '@identity-web/core/api';
import type {
  ContextConfigDefault,
  FastifyBaseLogger,
  FastifyInstance,
  FastifyPluginAsync,
  FastifySchema,
  FastifyTypeProvider,
  FastifyTypeProviderDefault,
  RawRequestDefaultExpression,
  RawServerBase,
  RawServerDefault,
  RouteGenericInterface,
} from 'fastify';
import type { FastifyRequestType, ResolveFastifyRequestType } from 'fastify/types/type-provider.js';
import fastifyPlugin from 'fastify-plugin';
import { fastifyExchange, noteError, prepareResult, takeNotedError } from './http-exchange.js';

/**
 * The route generic of a route behind {@link requireAuth}: `request.auth` is signed in there.
 * Combine it with your own: `app.get<SignedInRoute & { Querystring: { page: string } }>(...)`.
 *
 * @group Requests
 */
export interface SignedInRoute extends RouteGenericInterface {
  /** Marks the route as guarded: `request.auth` is a `SignedInAuthContext`. */
  Auth: SignedInAuthContext;
}

declare module 'fastify' {
  // The parameters must repeat Fastify's own for the declarations to merge.
  interface FastifyRequest<
    RouteGeneric extends RouteGenericInterface = RouteGenericInterface,
    RawServer extends RawServerBase = RawServerDefault,
    RawRequest extends RawRequestDefaultExpression<RawServer> = RawRequestDefaultExpression<RawServer>,
    SchemaCompiler extends FastifySchema = FastifySchema,
    TypeProvider extends FastifyTypeProvider = FastifyTypeProviderDefault,
    ContextConfig = ContextConfigDefault,
    Logger extends FastifyBaseLogger = FastifyBaseLogger,
    RequestType extends FastifyRequestType = ResolveFastifyRequestType<TypeProvider, SchemaCompiler, RouteGeneric>,
  > {
    /**
     * The request's auth context, set by the identity-web plugin: `isAuthenticated`, `user`,
     * `acquireToken(...)`, `csrfToken`, ... Signed in on routes typed {@link SignedInRoute}.
     */
    auth: RouteGeneric extends SignedInRoute ? SignedInAuthContext : AuthContext;
    /**
     * Who calls a route behind `protectApi()`: `subject`, `clientId`, `scopes`, `roles`,
     * `claims`, the `token` itself. Not set on other routes.
     */
    api: ApiCaller;
  }
}

/**
 * The options of the {@link identityWeb} plugin.
 *
 * @group Setup
 */
export interface IdentityWebPluginOptions {
  /** What `createIdentityWeb()` from `@identity-web/core` returns; every other setting lives there. */
  identity: AdaptedIdentityWeb;
}

/** A mistake in how the adapter is mounted: `invalid_argument`, naming the option at fault. */
const invalidArgument = (option: string, message: string): IdentityWebError =>
  new IdentityWebError(ErrorCode.InvalidArgument, `identity-web: ${message}`, { option });

// What Fastify itself may pass a plugin along with its options.
const REGISTER_OPTIONS = new Set(['identity', 'prefix', 'logLevel', 'logSerializers']);

async function identityWebPlugin(fastify: FastifyInstance, options: IdentityWebPluginOptions): Promise<void> {
  if (typeof (options as { http?: { handle?: unknown } } | undefined)?.http?.handle === 'function')
    throw invalidArgument(
      'identity',
      'identityWeb takes its identity in an object: app.register(identityWeb, { identity }), not app.register(identityWeb, identity)',
    );
  const flow = requestFlow(options?.identity, fastifyExchange);
  const unknown = Object.keys(options).find((name) => !REGISTER_OPTIONS.has(name));
  if (unknown !== undefined)
    throw invalidArgument(unknown, `identityWeb takes only { identity }: give "${unknown}" to createIdentityWeb()`);
  // Its hooks cover the scope it is registered in: under a prefix, /auth/* (and every other
  // path) would never reach them, and the sign-in challenges would lead to a 404.
  if (fastify.prefix !== '')
    throw invalidArgument(
      'prefix',
      `identityWeb is registered under the prefix "${fastify.prefix}": register it on the root instance, whose hooks see every request (basePath sets where the auth routes live)`,
    );
  fastify.decorateRequest('auth', null as never); // a null default keeps the request's shape stable

  // `onRequest` runs before Fastify's body parsing and for requests no route matches (the 404
  // handler), so the auth routes need no route of the app's and no urlencoded parser. Awaited
  // only when it is a promise: a known session costs no extra turn of the event loop.
  fastify.addHook('onRequest', async function identityWebOnRequest(request, reply) {
    const done = flow(request, reply);
    return done instanceof Promise ? await done : done;
  });

  // An error a route (or a hook) throws goes to the app's error handler, then its answer to
  // `onSend`: interaction-required, not-signed-in and identity-web's own errors with a status
  // get the core's answer there instead, whichever handler of whichever scope answered.
  fastify.addHook('onError', function identityWebOnError(request, _reply, error, done) {
    noteError(request, error);
    done();
  });
  fastify.addHook('onSend', function identityWebOnSend(request, reply, payload, done) {
    const failure = takeNotedError(request);
    const answer = failure === undefined ? null : errorAnswer(request, failure, reply.raw.headersSent);
    if (answer === null) return done(null, payload);
    // The error handler's own answer is dropped: a stream of it must not stay open.
    (payload as { destroy?: () => void } | null)?.destroy?.();
    done(null, prepareResult(reply, answer));
  });
}

/**
 * The identity-web plugin for Fastify 5: answers the auth routes under `basePath` (sign-in,
 * callback, sign-out, front- and back-channel logout) in an `onRequest` hook, sets
 * `request.auth` on every other request, and turns an `InteractionRequiredError` (or "not signed
 * in") thrown by a route into a challenge: a redirect to sign-in for a browser, 401 JSON for an
 * API call. Wrapped with `fastify-plugin`, so its hooks and `request.auth` reach every route.
 *
 * @example
 * ```ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { identityWeb, requireAuth } from '@identity-web/fastify';
 * import Fastify from 'fastify';
 *
 * const app = Fastify();
 * await app.register(identityWeb, { identity: createIdentityWeb({ identityProvider, baseUrl, secret }) });
 * app.get('/', (request) => (request.auth.isAuthenticated ? `Hello ${request.auth.user.subject}` : 'Hello'));
 * ```
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see OpenID Connect RP-Initiated Logout 1.0 §2, Front-Channel Logout 1.0 §2 and Back-Channel
 * Logout 1.0 §2.5: the sign-out and logout routes it answers.
 *
 * @group Setup
 */
export const identityWeb: FastifyPluginAsync<IdentityWebPluginOptions> = fastifyPlugin(identityWebPlugin, {
  fastify: '5.x',
  name: '@identity-web/fastify',
});
