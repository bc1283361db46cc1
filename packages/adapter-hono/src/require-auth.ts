// The Hono `requireAuth()` guard: lets on only signed-in users with the roles, scopes and claim asked for.
import { type RequireAuthOptions, refuseUncalled, requireAuthFlow } from '@identity-web/core/adapter';

export type { RequireAuthOptions };

import type { Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { honoExchange, promised } from './http-exchange.js';
import type { IdentityWebEnv, SignedInEnv } from './identity-web.middleware.js';

/** What a guard without identityWeb() before it says. */
const MOUNT = 'the identityWeb() middleware before it: app.use(identityWeb(identity)) ahead of the routes';

/**
 * What {@link requireAuth} returns: a Hono middleware that takes any request {@link identityWeb}
 * saw (`MiddlewareHandler<E & IdentityWebEnv>`, so it can also be called by hand,
 * `guard(c, next)`) and lets only signed-in users on, so the handlers after it in a route get
 * `MiddlewareHandler<E & SignedInEnv>`'s env: `c.var.auth` signed in.
 *
 * @group Route guards
 */
export type RequireAuthMiddleware<E extends Env = IdentityWebEnv> = MiddlewareHandler<E & IdentityWebEnv> &
  MiddlewareHandler<E & SignedInEnv>;

/**
 * Lets only signed-in users through, and of those only the ones who meet `options`: all the
 * `roles` (from the `roles` claim), all the `scopes` granted at sign-in, and the `claim` check.
 * No one signed in: a browser navigation is redirected to sign-in with the current URL as
 * `returnTo`, an API call (no `Accept: text/html`, or `fetch`/XHR) gets 401 JSON. Signed in but
 * not allowed: 403, an HTML page for a navigation and JSON `{ error: 'forbidden' }` otherwise.
 * Needs {@link identityWeb} earlier in the chain.
 *
 * The handlers after it in the same route (`app.get(path, requireAuth(), handler)`), and in an app
 * chained after `.use(requireAuth())`, see `c.var.auth` typed signed in ({@link SignedInEnv}):
 * `user`, `account` and `csrfToken` are never `null` there.
 *
 * @example
 * ```ts
 * import { requireAuth } from '@identity-web/hono';
 *
 * app.get('/orders', requireAuth({ scopes: ['api://orders/read'] }), async (c) => {
 *   const response = await c.var.auth.callApi('orders', `/orders?customer=${c.var.auth.user.key}`);
 *   return c.json(await response.json());
 * });
 * ```
 *
 * @see RFC 6749 §3.3 (Access Token Scope): `scopes` are those the sign-in's token response granted.
 *
 * @group Route guards
 */
export function requireAuth<E extends Env = IdentityWebEnv>(options?: RequireAuthOptions): RequireAuthMiddleware<E> {
  // biome-ignore lint/complexity/noArguments: mounted uncalled, a framework passes its request here.
  refuseUncalled('requireAuth', arguments, 'requireAuth()');
  const guard = requireAuthFlow(options, MOUNT, honoExchange);
  // `c.get`, not `c.var`: Hono builds a new object of all variables for each `c.var` read.
  const middleware = createMiddleware<E & IdentityWebEnv>(promised((c, next) => guard(c, next, c.get('auth'))));
  // Hono's `Context` is invariant in its env, so the second type is asserted: `next()` is only
  // reached with a signed-in context (`authorize` lets no one else through).
  return middleware as RequireAuthMiddleware<E>;
}
