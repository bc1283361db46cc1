// An `app.onError` wrapper that answers identity-web's errors with their challenge and hands on the rest.
import { errorAnswer, refuseUncalled } from '@identity-web/core/adapter';
import type { Env, ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { respond } from './http-exchange.js';

/**
 * An `app.onError` handler that answers `InteractionRequiredError` (and "not signed in") with the
 * identity-web challenge, identity-web's own errors with a status (a 503 when a store is down)
 * with their answer, and hands every other error to `fallback`. {@link identityWeb} already
 * turns these errors into challenges after `onError` ran; use this as well when your own error
 * handler should never see them (say, an error reporter that would log them as failures).
 *
 * @param fallback - Your error handler. Default: Hono's (an `HTTPException`'s own response, else 500).
 * @example
 * ```ts
 * import { authErrorHandler } from '@identity-web/hono';
 *
 * app.onError(
 *   authErrorHandler((err, c) => {
 *     log.info('request failed', { path: c.req.path, error: String(err) }); // never a challenge
 *     return c.json({ error: 'internal' }, 500);
 *   }),
 * );
 * ```
 *
 * @group Route guards
 */
export function authErrorHandler<E extends Env = Env>(fallback: ErrorHandler<E> = honoDefault): ErrorHandler<E> {
  // biome-ignore lint/complexity/noArguments: mounted uncalled, Hono passes its error and context here.
  refuseUncalled('authErrorHandler', arguments, 'authErrorHandler()');
  return function identityWebErrorHandler(err, c) {
    const challenge = errorAnswer(c, err);
    if (!challenge) return fallback(err, c);
    c.error = undefined; // answered: identityWeb() and outer error reporters need not see it
    return respond(c, challenge);
  };
}

// What Hono answers when an app has no onError of its own.
function honoDefault(err: Error, c: Parameters<ErrorHandler>[1]): Response {
  if (err instanceof HTTPException) {
    const res = err.getResponse();
    return c.newResponse(res.body, res);
  }
  console.error(err);
  return c.text('Internal Server Error', 500);
}
