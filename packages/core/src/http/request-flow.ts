// The request flow every framework adapter runs, written once: the auth routes, the request's
// auth context (synchronous when the session is known), the answer when it cannot be read, and
// what later middleware of the same request (the guard, the error handler) finds.
import { invalidArgument } from '../domain/errors.js';
import type { AuthContext } from './auth-context.js';
import { checkRequireAuthOptions, type RequireAuthOptions } from './authorize.js';
import { createRequestSlot } from './request-slot.js';
import type { AdaptedIdentityWeb, AuthHttpSurface, HttpRequest, HttpResult } from './types.js';
import { refuseUncalled } from './uncalled-factory.js';

/**
 * What one framework gives the request flow: its request as the core reads it, how it writes an
 * answer, and how it hands the auth context to the app. `C` is what the framework calls the
 * request (Koa's `ctx`, Hono's `c`, Express's and Fastify's request), `N` what goes with it
 * (`next`, or Fastify's reply), `R` what its middleware returns.
 *
 * @group Adapter flow
 */
export interface FrameworkExchange<C extends object, N, R> {
  /** The framework's request as the core reads it; URLs are built on `origin`, never on `Host`. */
  request(carrier: C, origin: string): HttpRequest;
  /** Writes the core's answer: an auth route's, or the 503 of a session that cannot be read. */
  answer(carrier: C, next: N, result: HttpResult): R;
  /** Gives the app the request's auth context (`ctx.state.auth`, `c.var.auth`, `req.auth`) and goes on. */
  proceed(carrier: C, next: N, auth: AuthContext): R | Promise<R>;
  /**
   * Looks once, at the first request, at how the app mounted identity-web (Express's error
   * middleware after the routes, say), and says what is wrong through the app's logger.
   */
  firstRequest?(carrier: C, warn: (event: string, message: string) => void): void;
  /**
   * `true` for a render that can write nothing back (a React server component): the auth routes
   * are not answered there, and a session that cannot be read rejects with its error instead of
   * an answer. Default `false`.
   */
  readonly render?: boolean;
}

/** What the flow leaves on a request for the guard and the error handler. */
interface RequestState {
  readonly http: AuthHttpSurface;
  readonly req: HttpRequest;
  auth: AuthContext | undefined;
  /** An error a framework hook saw (Fastify's `onError`), until it is answered or passed on. */
  failure: unknown;
}

// In a hidden slot of the framework's request object, out of `ctx.state`, `c.var` and the
// request's own properties: inspecting, spreading or logging it never shows what leads to the
// identity-web instance and its settings.
const slot = createRequestSlot<RequestState>();

/**
 * Makes an adapter's request flow: checks that `identity` is what `createIdentityWeb()` returns
 * and that no options came with it (`args`: the adapter's factory's `arguments`; called as a
 * middleware itself, it says to call it), then, per request: answers an auth route; else reads the auth context and hands it
 * to `exchange.proceed`; a session that cannot be read (a store down) gets identity-web's answer
 * (503 with `Retry-After`) before any error handler of the app's could make it a 500.
 *
 * The flow returns a promise for an auth route or a session read from the store, else what
 * `proceed` returns at once; a failure that is not identity-web's to answer is thrown (or
 * rejected) for the framework's own error handling.
 *
 * @example
 * ```ts
 * const flow = requestFlow(identity, {
 *   request: (c, origin) => toHttpRequest(c, origin),
 *   answer: (c, _next, result) => respond(c, result),
 *   proceed: (c, next, auth) => { c.set('auth', auth); return next(); },
 * });
 * ```
 *
 * @group Adapter flow
 */
export function requestFlow<C extends object, N, R>(
  identity: AdaptedIdentityWeb,
  exchange: FrameworkExchange<C, N, R>,
  args: ArrayLike<unknown> = [identity],
): (carrier: C, next: N) => R | Promise<R> {
  if (args.length > 1 && !isAdapted(identity)) refuseUncalled('identityWeb', args, 'identityWeb(identity)');
  const http = adaptedHttp(identity);
  if (args.length > 1) {
    throw invalidArgument('options', 'identityWeb(identity) takes no options: give them to createIdentityWeb()');
  }
  const { origin } = http;
  const proceed = (state: RequestState, carrier: C, next: N, auth: AuthContext) => {
    state.auth = auth;
    return exchange.proceed(carrier, next, auth);
  };
  const render = exchange.render === true;
  const unreadable = (carrier: C, next: N, req: HttpRequest, error: unknown): R => {
    const answer = render ? null : http.handleError(req, error);
    if (answer === null) throw error;
    return exchange.answer(carrier, next, answer);
  };
  let firstRequest = exchange.firstRequest;
  const warn = (event: string, message: string) => http.warn(event, message);
  return function flow(carrier, next) {
    if (firstRequest !== undefined) {
      const look = firstRequest;
      firstRequest = undefined;
      look.call(exchange, carrier, warn);
    }
    const req = exchange.request(carrier, origin);
    const route = render ? null : http.handle(req);
    if (route !== null) return route.then((result) => exchange.answer(carrier, next, result));
    const state: RequestState = { http, req, auth: undefined, failure: undefined };
    slot.set(carrier, state);
    let pending: AuthContext | Promise<AuthContext>;
    try {
      pending = http.context(req);
    } catch (error) {
      return unreadable(carrier, next, req, error);
    }
    // No promise of identity-web's own when the session is known.
    if (!(pending instanceof Promise)) return proceed(state, carrier, next, pending);
    return pending.then(
      (auth) => proceed(state, carrier, next, auth),
      (error: unknown) => unreadable(carrier, next, req, error),
    );
  };
}

function isAdapted(identity: unknown): identity is AdaptedIdentityWeb {
  const http = (identity as Partial<AdaptedIdentityWeb> | null | undefined)?.http;
  return typeof http?.handle === 'function' && typeof http.origin === 'string';
}

/** The HTTP surface of what `createIdentityWeb()` returns; anything else is refused, saying what to pass. */
function adaptedHttp(identity: unknown): AuthHttpSurface {
  if (isAdapted(identity)) return identity.http;
  const hint =
    typeof identity === 'function'
      ? ' (a function was given: pass what createIdentityWeb(options) returns)'
      : identity === undefined
        ? ' (none was given)'
        : '';
  throw invalidArgument(
    'identity',
    `"identity" must be what createIdentityWeb() from @identity-web/core returns${hint}`,
  );
}

/**
 * The `requireAuth(options)` check of an adapter, its options checked once: `null` to let the
 * request on, else the answer (a challenge, or 403). `auth` defaults to the context the flow
 * gave the request; `mount` ends the message for a request the flow never saw: what to mount, and where.
 *
 * @group Adapter flow
 */
export function requireAuthCheck(
  options: RequireAuthOptions | undefined,
  mount: string,
): (carrier: object, auth?: AuthContext) => HttpResult | null | Promise<HttpResult | null> {
  const checked = checkRequireAuthOptions(options);
  return function check(carrier, auth) {
    const state = slot.get(carrier);
    const context = auth ?? state?.auth;
    if (state === undefined || context === undefined) {
      throw invalidArgument('requireAuth', `requireAuth() needs ${mount}`);
    }
    return state.http.authorize(state.req, context, checked);
  };
}

/**
 * identity-web's answer to an error a route threw (an interaction-required challenge, a 503, ...),
 * or `null` when the error is not identity-web's to answer, the flow never saw the request, or
 * the response has `started` already. Answering it clears any failure a hook noted.
 * `options.logged`: the failure was logged already (the flow sent the browser to a page that
 * shows it), so its answer is not logged again.
 *
 * @group Adapter flow
 */
export function errorAnswer(
  carrier: object,
  error: unknown,
  started = false,
  options: { readonly logged?: boolean } = {},
): HttpResult | null {
  const state = slot.get(carrier);
  if (state === undefined || started) return null;
  state.failure = undefined;
  return state.http.handleError(state.req, error, options.logged === true);
}

/**
 * Notes the error a framework hook saw on the request (Fastify's `onError`), for {@link notedErrorAnswer}.
 *
 * @group Adapter flow
 */
export function noteError(carrier: object, error: unknown): void {
  const state = slot.get(carrier);
  if (state !== undefined) state.failure = error;
}

/**
 * identity-web's answer to the error noted on the request (Fastify's `onSend`), or `null` when
 * none is noted, it is not identity-web's to answer, or the response has `started`.
 *
 * @group Adapter flow
 */
export function notedErrorAnswer(carrier: object, started: boolean): HttpResult | null {
  const state = slot.get(carrier);
  if (state === undefined || state.failure === undefined) return null;
  const failure = state.failure;
  state.failure = undefined;
  return started ? null : state.http.handleError(state.req, failure);
}
