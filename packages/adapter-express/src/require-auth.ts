// The Express `requireAuth()` guard: lets on only signed-in users with the roles, scopes and claim asked for.
import { type RequireAuthOptions, refuseUncalled, requireAuthFlow } from '@identity-web/core/adapter';
import type { RequestHandler } from 'express';
import { expressExchange, expressMiddleware } from './http-exchange.js';

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
  // Synchronous unless the `claim` check is async; a check that throws (or identityWeb() missing)
  // goes to the app's error handling.
  const guard = requireAuthFlow(options, MOUNT, expressExchange);
  // The context the app sees (one a middleware before it may have set) goes on as it is.
  return expressMiddleware('requireAuthMiddleware', (request, onward) => guard(request, onward, request.auth));
}
