// The Fastify `requireAuth()` guard: lets on only signed-in users with the roles, scopes and claim asked for.
import { type RequireAuthOptions, refuseUncalled, requireAuthFlow } from '@identity-web/core/adapter';

export type { RequireAuthOptions };

/** What a guard without the plugin says. */
const MOUNT =
  "the identityWeb plugin on the root instance: app.register(identityWeb, { identity }) ahead of the routes, not inside another plugin (whose hooks cover that plugin's routes only)";

import type { FastifyReply, FastifyRequest } from 'fastify';
import { fastifyExchange } from './http-exchange.js';

/**
 * What {@link requireAuth} returns: an async `preHandler` (or `onRequest`) hook for any route.
 *
 * @group Route guards
 */
export type RequireAuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/**
 * Lets only signed-in users through, and of those only the ones who meet `options`: all the
 * `roles` (from the `roles` claim), all the `scopes` granted at sign-in, and the `claim` check.
 * No one signed in: a browser navigation is redirected to sign-in with the current URL as
 * `returnTo`, an API call gets 401 JSON. Signed in but not allowed: 403, an HTML page for a
 * navigation and JSON `{ error: 'forbidden' }` otherwise. Needs the {@link identityWeb} plugin.
 *
 * A hook cannot change a handler's types: type the route {@link SignedInRoute} to see
 * `request.auth` signed in (`user`, `account` and `csrfToken` never `null`).
 *
 * @example
 * ```ts
 * import { requireAuth, type SignedInRoute } from '@identity-web/fastify';
 *
 * app.get<SignedInRoute>('/orders', { preHandler: requireAuth() }, async (request) => ({
 *   for: request.auth.user.name,
 * }));
 * app.get('/admin', { preHandler: requireAuth({ roles: ['admin'] }) }, (request) => request.auth.sessions());
 * ```
 *
 * @see RFC 6749 §3.3 (Access Token Scope): `scopes` are those the sign-in's token response granted.
 *
 * @group Route guards
 */
export function requireAuth(options?: RequireAuthOptions): RequireAuthHook {
  // biome-ignore lint/complexity/noArguments: mounted uncalled, a framework passes its request here.
  refuseUncalled('requireAuth', arguments, 'requireAuth()');
  const guard = requireAuthFlow(options, MOUNT, fastifyExchange);
  return async function requireAuthHook(request, reply) {
    return guard(request, reply, request.auth);
  };
}
