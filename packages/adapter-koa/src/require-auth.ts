import { invalidArgument } from '@identity-web/core/adapter';
import type { Middleware } from 'koa';
import { writeResult } from './http-exchange.js';
import type { IdentityWebState } from './identity-web.middleware.js';
import { stateOf } from './request-state.js';

/**
 * Lets only signed-in users through. A browser navigation is redirected to sign-in with the
 * current URL as `returnTo`; an API call gets 401 JSON `{ error: 'not_authenticated', ... }`.
 * Needs {@link identityWeb} earlier in the chain.
 *
 * @example
 * router.get('/orders', requireAuth(), async (ctx) => { ... });
 */
export function requireAuth(): Middleware<IdentityWebState> {
  return async function requireAuthMiddleware(ctx, next) {
    const state = stateOf(ctx);
    if (!state) throw invalidArgument('requireAuth', 'requireAuth() needs the identityWeb() middleware before it');
    if (!state.auth.isAuthenticated) return writeResult(ctx, state.http.challenge(state.req));
    await next();
  };
}
