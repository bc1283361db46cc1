// The request flow every framework adapter runs, written once: the auth routes, the request's
// auth context (synchronous when the session is known), the answer when it cannot be read, the
// answer to an error the app's route threw, and what later middleware of the same request (the
// guard, the error handler) finds.
import { invalidArgument } from '../domain/errors.js';
import { isThenable } from '../domain/maybe-promise.js';
import type { AuthContext } from './auth-context.js';
import type { FrameworkExchange } from './framework-exchange.js';
import { type RequestState, requestState } from './request-state.js';
import { errorAnswer } from './request-verdicts.js';
import type { AdaptedIdentityWeb, AuthHttpSurface, HttpRequest } from './types.js';
import { refuseUncalled } from './uncalled-factory.js';

/**
 * Makes an adapter's request flow: checks that `identity` is what `createIdentityWeb()` returns
 * and that no options came with it (`args`: the adapter's factory's `arguments`; called as a
 * middleware itself, it says to call it), then, per request: answers an auth route; else reads
 * the auth context and hands it to `exchange.proceed`; a session that cannot be read (a store
 * down) gets identity-web's answer (503 with `Retry-After`) before any error handler of the app's
 * could make it a 500. An error the app's route throws (or rejects with, or the framework
 * `kept`) gets identity-web's answer when it is identity-web's to answer: an interaction-required
 * or not-signed-in error its challenge, identity-web's own errors with a status their answer.
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
 *   kept: (c) => c.error,
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
  const answered = (carrier: C, next: N, error: unknown): R | null => {
    const answer = errorAnswer(carrier, error, exchange.sent?.(carrier) === true);
    return answer === null ? null : exchange.answer(carrier, next, answer);
  };
  const thrown = (carrier: C, next: N, error: unknown): R => {
    const answer = answered(carrier, next, error);
    if (answer === null) throw error;
    return answer;
  };
  const settled = (carrier: C, next: N, done: R): R => {
    const kept = exchange.kept?.(carrier);
    return kept === undefined ? done : (answered(carrier, next, kept) ?? done);
  };
  const proceed = (state: RequestState, carrier: C, next: N, auth: AuthContext): R | Promise<R> => {
    state.auth = auth;
    let done: R | PromiseLike<R>;
    try {
      done = exchange.proceed(carrier, next, auth);
    } catch (error) {
      return thrown(carrier, next, error);
    }
    // A promise of another library or realm is a promise all the same.
    if (!isThenable(done)) return settled(carrier, next, done);
    return Promise.resolve(done).then(
      (value) => settled(carrier, next, value),
      (error: unknown) => thrown(carrier, next, error),
    );
  };
  const unreadable = (carrier: C, next: N, req: HttpRequest, error: unknown): R => {
    const answer = http.handleError(req, error);
    if (answer === null) throw error;
    return exchange.answer(carrier, next, answer);
  };
  return function flow(carrier, next) {
    const req = exchange.request(carrier, origin);
    const route = http.handle(req);
    if (route !== null) return route.then((result) => exchange.answer(carrier, next, result));
    const state: RequestState = { http, req, auth: undefined };
    requestState.set(carrier, state);
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

/**
 * Reads the request's auth context where nothing can be written back (a React server component's
 * render): no auth route is answered, and a session that cannot be read throws (or rejects with)
 * its error, for the caller to turn into what it can do (a redirect). What the context was read
 * from is left on `carrier`, as {@link requestFlow} leaves it, for {@link requireAuthFlow} and
 * {@link errorAnswer}.
 *
 * @example
 * ```ts
 * const read = authReader(identity);
 * const auth = await read(carrier, (origin) => new WebHttpRequest(request, origin));
 * ```
 *
 * @group Adapter flow
 */
export function authReader(
  identity: AdaptedIdentityWeb,
): (carrier: object, request: (origin: string) => HttpRequest) => AuthContext | Promise<AuthContext> {
  const http = adaptedHttp(identity);
  return function read(carrier, request) {
    const state: RequestState = { http, req: request(http.origin), auth: undefined };
    requestState.set(carrier, state);
    const pending = http.context(state.req);
    if (!(pending instanceof Promise)) {
      state.auth = pending;
      return pending;
    }
    return pending.then((auth) => {
      state.auth = auth;
      return auth;
    });
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
