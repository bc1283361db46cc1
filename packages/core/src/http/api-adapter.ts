// The API's per-request protocol, written once for every adapter: the check that `protectApi`,
// `apiBackChannelLogout` and `apiSecurityEvents` were given the API (the fix named when they
// were not), the guard's verdict turned into an answer or a caller, and how an error thrown by a
// route behind `protectApi` is answered. An adapter gives only its framework's exchange.
import { ErrorCode, IdentityWebError, isOwnIdentityWebError } from '../domain/errors.js';
import { failureAnswerOf } from '../domain/failure-answer.js';
import { isThenable, type MaybePromise, whenSettled } from '../domain/maybe-promise.js';
import { silentLogger } from '../ports/logger.port.js';
import { errorResult } from './responses.js';
import type { HttpRequest, HttpResult } from './types.js';

/**
 * What the adapters use of what `createIdentityWebApi()` returns (`IdentityWebApi` of
 * `@identity-web/core/api`, whose documentation says what each member does).
 *
 * @typeParam Verdict - what the check of one request decides: the caller and its answer's
 * headers, or the refusal (its default; named once here so the guard can give it at once or as a promise)
 *
 * @group Adapter flow
 */
export interface GuardedApi<
  Requirement,
  Caller extends object,
  Verdict =
    | {
        /** Who calls: the token held and the requirement passed. */
        readonly caller: Caller;
        /** Headers for the route's answer (the current `DPoP-Nonce`). */
        readonly headers: Readonly<Record<string, string>>;
      }
    | {
        /** No caller: the request is refused. */
        readonly caller: null;
        /** The refusal to write back as it is. */
        readonly answer: HttpResult;
      },
> {
  /** The API's public origin, which request URLs are read on. */
  readonly origin: string;
  /**
   * The check of one route: each request's verdict, at once when nothing was waited for (a
   * remembered token, stores in this process's memory), else a promise of it.
   */
  guard(requirement?: Requirement): (request: HttpRequest) => Verdict | Promise<Verdict>;
  /** The answer to a back-channel logout request. */
  backChannelLogout(request: HttpRequest): Promise<HttpResult>;
  /** The receiver of Shared Signals pushes. */
  securityEvents(): (request: HttpRequest) => Promise<HttpResult>;
}

/** What the check of one request decides. */
type Verdict<Caller extends object> = Awaited<ReturnType<ReturnType<GuardedApi<never, Caller>['guard']>>>;

/** The functions of an adapter that take an API. */
type ApiFunction = 'protectApi' | 'apiBackChannelLogout' | 'apiSecurityEvents';

/** The members of an exchange that name the fix for a function passed uncalled. */
type UncalledHint = Pick<ApiExchange<never, never, never, object>, 'calledBy' | 'write'>;

/**
 * What one framework gives the API's guard and routes. `C` is what the framework calls the
 * request (Koa's `ctx`, Hono's `c`, Express's request), `N` what goes with it (`next`, a
 * response, a handler), `R` what its middleware returns.
 *
 * @group Adapter flow
 */
export interface ApiExchange<C, N, R, Caller extends object> {
  /** How the framework calls a function passed uncalled: `Koa called it with its context`. */
  readonly calledBy: string;
  /** The fix, from the call to write (`protectApi(api, { scopes })`). Default: `<call> in the route`. */
  readonly write?: (call: string) => string;
  /** The framework's request as the core reads it; URLs are built on `origin`, never on `Host`. */
  request(carrier: C, origin: string): HttpRequest;
  /** Writes the core's answer: a refusal, a route's, or that of an error a route threw. */
  answer(carrier: C, next: N, result: HttpResult): R;
  /** Hands the caller to the route (`ctx.state.api`, `req.api`) with the headers its answer carries, and goes on. */
  proceed(carrier: C, next: N, caller: Caller, headers: Readonly<Record<string, string>>): R | Promise<R>;
  /**
   * An error a route threw that the framework kept instead of throwing it (Hono's `c.error`),
   * read once what `proceed` returned settles: at once when it returned no promise.
   */
  kept?(carrier: C): unknown;
  /** Whether the answer has begun (its headers sent): an error is then passed on, not answered. */
  sent?(carrier: C): boolean;
  /** Reports an error whose details its answer hides (a 5xx): Koa's `'error'` event, `console.error`. */
  report?(carrier: C, error: unknown): void;
}

/** What an error handler needs of the guard that let a request on: how to report a hidden failure. */
interface GuardingExchange {
  report?(carrier: object, error: unknown): void;
}

// The guard that let a request on, kept by request where no key of the request leads to it: a
// framework's error handler (`errorAnswer`) answers an error of the route behind it as the API does.
// A WeakMap, not a request slot: its value is the adapter's exchange, a constant that leads nowhere
// near the request (so no entry is an ephemeron cycle), and it spares a private field's slow add
// on Express's request.
const guarding = new WeakMap<object, GuardingExchange>();

/** The exchange of the `protectApi` guard that let `carrier` on, if one did. */
export function guardedByApi(carrier: object): GuardingExchange | undefined {
  return guarding.get(carrier);
}

/**
 * `api` when it is what `createIdentityWebApi()` of `@identity-web/core/api` returns (it has a
 * `guard`). Otherwise an `invalid_argument` error (`option: 'api'`) that names the fix: `name` passed uncalled, so the framework called it with
 * its request (anything with a `method` or a `req`, which an API has not), or called without the
 * API.
 */
function checkedApi<Api>(api: Api, name: ApiFunction, hint: UncalledHint): Api {
  if (typeof (api as { guard?: unknown } | null | undefined)?.guard === 'function') return api;
  const call = name === 'protectApi' ? 'protectApi(api, { scopes })' : `${name}(api)`;
  const request = typeof api === 'object' && api !== null && ('method' in api || 'req' in api);
  const fix = request
    ? `${name} was passed uncalled, so ${hint.calledBy}: write ${hint.write?.(call) ?? `${call} in the route`},`
    : `${name}() needs the API: ${name}(api)`;
  throw new IdentityWebError(
    ErrorCode.InvalidArgument,
    `${fix} with api = createIdentityWebApi({...}) from @identity-web/core/api`,
    { option: 'api' },
  );
}

/**
 * An error identity-web threw in a route behind `protectApi` (a refused token exchange, a store
 * down), as an API answers it: the error table's status and JSON `{ error, error_description }`
 * (a 5xx with a generic description: its details are the server's, handed to `report`),
 * `Cache-Control: no-store`, `Retry-After` on a 503; never a page or a redirect. `null` for any
 * other error, an app's own with a code of the same spelling included, which goes on to the
 * app's own handler.
 *
 * @group Adapter flow
 */
export function apiErrorAnswer(error: unknown, report?: (error: unknown) => void): HttpResult | null {
  if (!isOwnIdentityWebError(error)) return null;
  if (failureAnswerOf(error).message === null) report?.(error);
  return errorResult(error, silentLogger, { format: 'json', logged: true });
}

/** An API, or a function that makes it at the first request (Next.js: so `next build` never reads its settings). */
type ApiSource<Api> = Api | (() => Api);

/**
 * What `use` makes of the API: of an instance at once (a mistake fails at start), of a factory
 * at the first request (made again at the next one when that failed).
 */
function madeOnce<Api, T>(source: ApiSource<Api>, use: (api: Api) => T): () => T {
  const make = () => use(typeof source === 'function' ? (source as () => Api)() : source);
  let made = typeof source === 'function' ? undefined : { value: make() };
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/**
 * `protectApi(api, requirement)` of an adapter: `api` checked (and `requirement`, by its guard)
 * at once, or at the first request for a factory; then per request: the refusal answered, or the
 * caller handed on; an identity-web error the route throws (or the framework kept) answered by
 * `apiErrorAnswer` (JSON, the error table's status), any other passed on.
 *
 * @group Adapter flow
 */
export function apiGuardFlow<C extends object, N, R, Requirement, Caller extends object>(
  api: GuardedApi<Requirement, Caller> | (() => GuardedApi<Requirement, Caller>),
  requirement: Requirement | undefined,
  exchange: ApiExchange<C, N, R, Caller>,
): (carrier: C, next: N) => Promise<R> {
  const made = madeOnce(api, (instance) => ({
    origin: checkedApi(instance, 'protectApi', exchange).origin,
    guard: instance.guard(requirement),
  }));
  // `reported`: the framework's own error handler had the error (Hono's `onError`), so its details are not reported again.
  const thrown = (carrier: C, next: N, error: unknown, reported = false): R => {
    const report = reported ? undefined : (e: unknown) => exchange.report?.(carrier, e);
    const answer = exchange.sent?.(carrier) ? null : apiErrorAnswer(error, report);
    if (answer === null) throw error;
    return exchange.answer(carrier, next, answer);
  };
  // An error the framework kept has had its own answer: replaced only by identity-web's.
  const settled = (carrier: C, next: N, done: R): R => {
    const kept = exchange.kept?.(carrier);
    return isOwnIdentityWebError(kept) ? thrown(carrier, next, kept, true) : done;
  };
  const onVerdict = (carrier: C, next: N, verdict: Verdict<Caller>): MaybePromise<R> => {
    if ('answer' in verdict) return exchange.answer(carrier, next, verdict.answer);
    guarding.set(carrier, exchange as GuardingExchange);
    let done: R | PromiseLike<R>;
    try {
      done = exchange.proceed(carrier, next, verdict.caller, verdict.headers);
    } catch (error) {
      return thrown(carrier, next, error);
    }
    if (!isThenable(done)) return settled(carrier, next, done);
    return Promise.resolve(done).then(
      (value) => settled(carrier, next, value),
      (error: unknown) => thrown(carrier, next, error),
    );
  };
  // One promise per request: a remembered token's verdict comes at once, and the route is called
  // within this call (Express's `next()`), as a bare route would be.
  return (carrier, next) => {
    try {
      const { origin, guard } = made();
      return Promise.resolve(whenSettled(guard(exchange.request(carrier, origin)), (v) => onVerdict(carrier, next, v)));
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

/**
 * `apiBackChannelLogout(api)` or `apiSecurityEvents(api)` of an adapter: `api` checked (and, for
 * Shared Signals, its `sharedSignals` option) at once, or at the first request for a factory;
 * each request answered by the API.
 *
 * @group Adapter flow
 */
export function apiRouteFlow<C, N, R>(
  api: GuardedApi<never, object> | (() => GuardedApi<never, object>),
  name: 'apiBackChannelLogout' | 'apiSecurityEvents',
  exchange: Pick<ApiExchange<C, N, R, object>, 'request' | 'answer' | 'calledBy' | 'write'>,
): (carrier: C, next: N) => Promise<R> {
  const made = madeOnce(api, (instance) => ({
    origin: checkedApi(instance, name, exchange).origin,
    receive:
      name === 'apiSecurityEvents'
        ? instance.securityEvents()
        : (request: HttpRequest) => instance.backChannelLogout(request),
  }));
  return async (carrier, next) => {
    const { origin, receive } = made();
    return exchange.answer(carrier, next, await receive(exchange.request(carrier, origin)));
  };
}
