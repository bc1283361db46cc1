// The verdicts an adapter's middleware after the request flow asks of the core, written once:
// `requireAuth`'s (go on, or the challenge or 403 to write) and the answer to an error the app's
// route threw (a challenge, identity-web's own error answered, or nothing: the app's to handle).
import { invalidArgument } from '../domain/errors.js';
import { apiErrorAnswer, guardedByApi } from './api-adapter.js';
import type { AuthContext } from './auth-context.js';
import { checkRequireAuthOptions, type RequireAuthOptions } from './authorize.js';
import type { FrameworkExchange } from './framework-exchange.js';
import { requestState } from './request-state.js';
import type { HttpResult } from './types.js';

/**
 * An adapter's `requireAuth(options)` guard, its options checked once: per request, it writes the
 * answer when the request may not go on (a challenge when no one is signed in, 403 when the user
 * misses a role, a scope or the `claim` check), else hands the context to `exchange.proceed`.
 * `auth` defaults to the context the request flow gave the request; `mount` ends the message for
 * a request the flow never saw: what to mount, and where. Synchronous unless the `claim` check
 * returns a promise.
 *
 * @example
 * ```ts
 * const guard = requireAuthFlow(options, 'the identityWeb() middleware before it', exchange);
 * app.get('/orders', (c, next) => guard(c, next), handler);
 * ```
 *
 * @group Adapter flow
 */
export function requireAuthFlow<C extends object, N, R>(
  options: RequireAuthOptions | undefined,
  mount: string,
  exchange: Pick<FrameworkExchange<C, N, R>, 'answer' | 'proceed'>,
): (carrier: C, next: N, auth?: AuthContext) => R | Promise<R> {
  const checked = checkRequireAuthOptions(options);
  return function guard(carrier, next, auth) {
    const state = requestState.get(carrier);
    const context = auth ?? state?.auth;
    if (state === undefined || context === undefined) {
      throw invalidArgument('requireAuth', `requireAuth() needs ${mount}`);
    }
    const verdict = state.http.authorize(state.req, context, checked);
    const decide = (denied: HttpResult | null) =>
      denied === null ? exchange.proceed(carrier, next, context) : exchange.answer(carrier, next, denied);
    return verdict instanceof Promise ? verdict.then(decide) : decide(verdict);
  };
}

/**
 * identity-web's answer to an error the app's route threw, for a framework's error handler:
 * behind `protectApi`, the API's JSON answer to identity-web's own errors; else an
 * interaction-required or not-signed-in error's challenge, or identity-web's own error with a
 * status answered (a 503 when a store is down). `null` when the error is not identity-web's to
 * answer, the request went through no identity-web middleware, or the response has `started`
 * already. `options.logged`: the failure was logged already (the flow sent the browser to a page
 * that shows it), so its answer is not logged again. The details an API's answer hides (a 5xx's)
 * go to the instance's logger when the request went through the request flow, else to the
 * guard's `report`.
 *
 * @group Adapter flow
 */
export function errorAnswer(
  carrier: object,
  error: unknown,
  started = false,
  options: { readonly logged?: boolean } = {},
): HttpResult | null {
  if (started) return null;
  const state = requestState.get(carrier);
  const api = guardedByApi(carrier);
  if (api !== undefined) {
    // The details an API's answer hides (a 5xx's): through the instance's logger, as the web app
    // logs an error it answers, when the request went through identityWeb; else the guard's report.
    const report =
      state !== undefined
        ? (e: unknown) => void state.http.handleError(state.req, e)
        : (e: unknown) => api.report?.(carrier, e);
    const answer = apiErrorAnswer(error, report);
    if (answer !== null) return answer;
  }
  return state === undefined ? null : state.http.handleError(state.req, error, options.logged === true);
}
