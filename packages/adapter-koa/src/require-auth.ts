import { type AuthorizeOptions, checkAuthorizeOptions, invalidArgument } from '@identity-web/core/adapter';
import type { Middleware } from 'koa';
import { writeResult } from './http-exchange.js';
import type { IdentityWebState } from './identity-web.middleware.js';
import { stateOf } from './request-state.js';

/** Options of {@link requireAuth}: every requirement given must hold. */
export type RequireAuthOptions = AuthorizeOptions;

/**
 * Lets only signed-in users through, and of those only the ones who meet `options`: all the
 * `roles` (from the `roles` claim), all the `scopes` granted at sign-in, and the `claim` check.
 * No one signed in: a browser navigation is redirected to sign-in with the current URL as
 * `returnTo`, an API call gets 401 JSON. Signed in but not allowed: 403, an HTML page for a
 * navigation and JSON `{ error: 'forbidden' }` otherwise. Needs {@link identityWeb} earlier in the chain.
 *
 * @example
 * router.get('/orders', requireAuth(), async (ctx) => { ... });
 * router.get('/admin', requireAuth({ roles: ['admin'] }), async (ctx) => { ... });
 */
export function requireAuth(options?: RequireAuthOptions): Middleware<IdentityWebState> {
  const checked = checkAuthorizeOptions(options);
  return async function requireAuthMiddleware(ctx, next) {
    const state = stateOf(ctx);
    if (!state) throw invalidArgument('requireAuth', 'requireAuth() needs the identityWeb() middleware before it');
    const verdict = state.http.authorize(state.req, state.auth, checked);
    const denied = verdict instanceof Promise ? await verdict : verdict;
    if (denied) return writeResult(ctx, denied);
    await next();
  };
}
