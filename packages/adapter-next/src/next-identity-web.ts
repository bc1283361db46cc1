// `nextIdentityWeb()`: one identity-web instance for a Next.js app, and its parts for each place
// Next.js runs code (route handlers, server components and actions, the proxy).
import type {
  AdaptedIdentityWeb,
  AuthContext,
  RequireAuthOptions,
  SignedInAuthContext,
} from '@identity-web/core/adapter';
import { processInstance } from './instance.js';
import { type IdentityProxyOptions, proxies } from './proxy.js';
import { type RequirePageAuthOptions, renders } from './render.js';
import { type AuthRouteHandler, type RouteHandler, routeHandlers } from './route-handlers.js';

/**
 * `nextIdentityWeb()`'s options.
 *
 * @group Setup
 */
export interface NextIdentityWebOptions {
  /**
   * Tells apart two instances in one server process (two `nextIdentityWeb()` calls, each with
   * its own options). Default: `default`.
   */
  readonly name?: string;
}

/**
 * What {@link nextIdentityWeb} returns: one instance's parts, each for where Next.js runs it.
 *
 * @group Setup
 */
export interface IdentityWebNext<I extends AdaptedIdentityWeb = AdaptedIdentityWeb> {
  /**
   * The auth routes, from one catch-all route handler:
   * `export const { GET, POST } = handlers;` in `app/auth/[...identity]/route.ts`.
   */
  readonly handlers: {
    /** Sign-in, the callback, front-channel logout, the signed-out page. */
    readonly GET: (request: Request) => Promise<Response>;
    /** The form_post callback, sign-out, back-channel logout, Shared Signals pushes, a session's sign-out. */
    readonly POST: (request: Request) => Promise<Response>;
  };
  /**
   * The request's auth context, in a server component or a server action: who is signed in,
   * and `acquireToken`/`callApi` with tokens from the server-side cache (refreshed when due,
   * nothing written to the cookie). A token that needs the user (consent, a new sign-in)
   * redirects there and back.
   */
  auth(): Promise<AuthContext>;
  /**
   * The page guard, in a server component: the signed-in user's context, or a redirect to
   * sign-in (and back to `returnTo`), or Next.js's 403 page (`forbidden()`, which needs
   * `experimental.authInterrupts`) for a user without the roles, scopes or claim asked for.
   */
  requireAuth(options?: RequirePageAuthOptions): Promise<SignedInAuthContext>;
  /**
   * A route handler with the request's auth context (`context.auth`, perhaps anonymous).
   * identity-web's errors the handler throws are answered: a challenge (a redirect for a
   * browser, 401 JSON for a script), a 503 with `Retry-After` when a store is down.
   */
  withAuth<Context>(handler: AuthRouteHandler<Context>): RouteHandler<Context>;
  /**
   * A route handler for signed-in users only (and of those, only the ones who meet `options`):
   * anyone else gets the challenge, or 403. `context.auth` is signed in.
   */
  withRequiredAuth<Context>(
    handler: AuthRouteHandler<Context, SignedInAuthContext>,
    options?: RequireAuthOptions,
  ): RouteHandler<Context>;
  /**
   * The proxy for `proxy.ts`: answers the auth routes, a 503 when a store is down before any
   * page renders, guards `protect`ed paths, and tells renders their path (for sign-in links
   * that come back to the page).
   */
  identityProxy(options?: IdentityProxyOptions): (request: Request) => Promise<Response>;
  /** The instance itself, made at the first call (its `stats()`, `hasAccount()`, events). */
  identity(): I;
}

/**
 * identity-web for a Next.js app (App Router, Node runtime). `create` makes the instance at the
 * first request, once per server process, however many of Next.js's bundles import the module.
 *
 * @param create - Makes the instance: `() => createIdentityWeb(options)`.
 * @example
 * ```ts
 * // lib/identity.ts
 * import { createIdentityWeb } from '@identity-web/core';
 * import { nextIdentityWeb } from '@identity-web/next';
 * import { createOidcProvider } from '@identity-web/oidc';
 *
 * export const { handlers, auth, requireAuth, withRequiredAuth, identityProxy } = nextIdentityWeb(() =>
 *   createIdentityWeb({
 *     identityProvider: createOidcProvider({ issuer: 'https://login.example.com', clientId: 'web', clientSecret: process.env.CLIENT_SECRET! }),
 *     baseUrl: 'https://app.example.com',
 *     secret: process.env.IDENTITY_WEB_SECRET!,
 *   }),
 * );
 * ```
 *
 * @group Setup
 */
export function nextIdentityWeb<I extends AdaptedIdentityWeb>(
  create: () => I,
  options: NextIdentityWebOptions = {},
): IdentityWebNext<I> {
  const instance = processInstance(options.name ?? 'default', create);
  const routes = routeHandlers(instance);
  const render = renders(instance);
  return {
    handlers: routes.handlers,
    auth: render.auth,
    requireAuth: render.requireAuth,
    withAuth: routes.withAuth,
    withRequiredAuth: routes.withRequiredAuth,
    identityProxy: proxies(instance),
    identity: instance,
  };
}
