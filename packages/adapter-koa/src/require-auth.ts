// The Koa `requireAuth()` guard: lets on only signed-in users with the roles, scopes and claim asked for.
import { type RequireAuthOptions, refuseUncalled, requireAuthFlow } from '@identity-web/core/adapter';

export type { RequireAuthOptions };

import type { Middleware } from 'koa';
import { koaExchange, koaMiddleware } from './http-exchange.js';
import type { IdentityWebState, SignedInState } from './identity-web.middleware.js';

/** What a guard without identityWeb() before it says. */
const MOUNT = 'the identityWeb() middleware before it: app.use(identityWeb(identity)) ahead of the routes';

/**
 * What {@link requireAuth} returns: takes any request `identityWeb` saw; what runs after it sees `SignedInState`.
 *
 * @group Route guards
 */
export type RequireAuthMiddleware = Middleware<IdentityWebState> & Middleware<SignedInState>;

/**
 * Lets only signed-in users through, and of those only the ones who meet `options`: all the
 * `roles` (from the `roles` claim), all the `scopes` granted at sign-in, and the `claim` check.
 * No one signed in: a browser navigation is redirected to sign-in with the current URL as
 * `returnTo`, an API call gets 401 JSON. Signed in but not allowed: 403, an HTML page for a
 * navigation and JSON `{ error: 'forbidden' }` otherwise. Needs {@link identityWeb} earlier in the chain.
 *
 * The handlers after it in a `@koa/router` route (or an `app.use()` chain) see `ctx.state.auth`
 * signed in ({@link SignedInState}): `user`, `account` and `csrfToken` are never `null` there.
 *
 * @example
 * ```ts
 * import { type IdentityWebState, requireAuth } from '@identity-web/koa';
 * import Router from '@koa/router';
 *
 * const router = new Router<IdentityWebState>();
 * router.get('/orders', requireAuth(), async (ctx) => {
 *   ctx.body = { for: ctx.state.auth.user.name };
 * });
 * router.get('/admin', requireAuth({ roles: ['admin'] }), async (ctx) => {
 *   ctx.body = await ctx.state.auth.sessions();
 * });
 * ```
 *
 * @see RFC 6749 §3.3 (Access Token Scope): `scopes` are those the sign-in's token response granted.
 *
 * @group Route guards
 */
export function requireAuth(options?: RequireAuthOptions): RequireAuthMiddleware {
  // biome-ignore lint/complexity/noArguments: mounted uncalled, a framework passes its request here.
  refuseUncalled('requireAuth', arguments, 'requireAuth()');
  // Not `async`: a request let through goes on with `next()`'s own promise.
  const guard = requireAuthFlow(options, MOUNT, koaExchange);
  // The context the app sees (one a middleware before it may have set) goes on as it is.
  return koaMiddleware((ctx, next) => guard(ctx, next, ctx.state.auth));
}
