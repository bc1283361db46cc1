import { invalidArgument } from '@identity-web/core/adapter';
import type { Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { respond } from './http-exchange.js';
import type { IdentityWebEnv } from './identity-web.middleware.js';
import { stateOf } from './request-state.js';

/**
 * Lets only signed-in users through. A browser navigation is redirected to sign-in with the
 * current URL as `returnTo`; an API call (no `Accept: text/html`, or `fetch`/XHR) gets 401 JSON.
 * Needs {@link identityWeb} earlier in the chain.
 *
 * @example
 * app.get('/orders', requireAuth(), async (c) => {
 *   const { accessToken } = await c.var.auth.acquireToken(['api://orders/read']);
 *   return c.json(await listOrders(accessToken));
 * });
 */
export function requireAuth<E extends Env = IdentityWebEnv>(): MiddlewareHandler<E & IdentityWebEnv> {
  return createMiddleware<E & IdentityWebEnv>(async function requireAuthMiddleware(c, next) {
    const state = stateOf(c);
    if (!state) throw invalidArgument('requireAuth', 'requireAuth() needs the identityWeb() middleware before it');
    if (!c.var.auth.isAuthenticated) return respond(c, state.identity.http.challenge(state.req));
    await next();
  });
}
