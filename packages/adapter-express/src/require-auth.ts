// The Express `requireAuth()` guard: lets on only signed-in users with the roles, scopes and claim asked for.
import type { ServerResponse } from 'node:http';
import { type HttpResult, type RequireAuthOptions, refuseUncalled, requireAuthCheck } from '@identity-web/core/adapter';
import type { NextFunction, Request, RequestHandler } from 'express';
import { writeResult } from './http-exchange.js';

export type { RequireAuthOptions };

/** What a guard without identityWeb() before it says. */
const MOUNT = 'the identityWeb() middleware before it: app.use(identityWeb(identity)) ahead of the routes';

/**
 * Lets only signed-in users through, and of those only the ones who meet `options`: all the
 * `roles` (from the `roles` claim), all the `scopes` granted at sign-in, and the `claim` check.
 * No one signed in: a browser navigation is redirected to sign-in with the current URL as
 * `returnTo`, an API call gets 401 JSON. Signed in but not allowed: 403, an HTML page for a
 * navigation and JSON `{ error: 'forbidden' }` otherwise. Needs {@link identityWeb} earlier in the chain.
 *
 * The handlers after it see `req.auth` signed in; {@link signedIn} gives it to them typed so,
 * with `user`, `account` and `csrfToken` never `null`.
 *
 * @example
 * ```ts
 * import { requireAuth, signedIn } from '@identity-web/express';
 *
 * app.get('/orders', requireAuth({ scopes: ['api://orders/read'] }), async (req, res) => {
 *   const auth = signedIn(req);
 *   const orders = await auth.callApi('orders', `/orders?customer=${auth.user.key}`);
 *   res.json(await orders.json());
 * });
 * app.get('/admin', requireAuth({ roles: ['admin'] }), async (req, res) => {
 *   res.json(await req.auth.sessions());
 * });
 * ```
 *
 * @see RFC 6749 §3.3 (Access Token Scope): `scopes` are those the sign-in's token response granted.
 *
 * @group Route guards
 */
export function requireAuth(options?: RequireAuthOptions): RequestHandler {
  // biome-ignore lint/complexity/noArguments: mounted uncalled, a framework passes its request here.
  refuseUncalled('requireAuth', arguments, 'requireAuth()');
  const check = requireAuthCheck(options, MOUNT);
  return function requireAuthMiddleware(request: Request, res: ServerResponse, next: NextFunction): void {
    const answer = (denied: HttpResult | null) => (denied ? writeResult(res, denied) : next());
    // Synchronous unless the `claim` check is async; a check that throws (or identityWeb() missing)
    // goes to the app's error handling.
    let verdict: HttpResult | null | Promise<HttpResult | null>;
    try {
      verdict = check(request);
    } catch (error) {
      next(error);
      return;
    }
    if (verdict instanceof Promise) verdict.then(answer).catch(next);
    else answer(verdict);
  } as RequestHandler;
}
