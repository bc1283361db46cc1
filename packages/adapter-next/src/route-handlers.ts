// Route handlers: the catch-all auth route, and the app's own routes with their auth context.

import { ErrorCode, IdentityWebError } from '@identity-web/core';
import {
  type AdaptedIdentityWeb,
  type AuthContext,
  errorAnswer,
  type RequireAuthOptions,
  requestFlow,
  requireAuthFlow,
  type SignedInAuthContext,
} from '@identity-web/core/adapter';
import type { ApiCaller } from '@identity-web/core/api';
import { catchAllRoute } from './catch-all-route.js';
import { type Carrier, type Continue, nextExchange, refuseNextBasePath, UNAVAILABLE } from './web-exchange.js';

/**
 * A Next.js route handler: the request (`Request`, or Next.js's `NextRequest` when the handler
 * names it) and the route's context (`{ params }`).
 *
 * @group Setup
 */
export type RouteHandler<Context, R extends Request = Request> = (request: R, context: Context) => Promise<Response>;

/**
 * The context an app's route handler gets: the route's own (`params`) and the request's `auth`.
 *
 * @group Requests
 */
export type WithAuthContext<Context, Auth extends AuthContext = AuthContext> = Context & {
  /** The request's auth context. */
  readonly auth: Auth;
};

/**
 * The handler the app writes: what `withAuth` and `withRequiredAuth` wrap.
 *
 * @group Setup
 */
export type AuthRouteHandler<Context, Auth extends AuthContext = AuthContext, R extends Request = Request> = (
  request: R,
  context: WithAuthContext<Context, Auth>,
) => Response | Promise<Response>;

/**
 * The handler an API writes behind {@link protectApi}: the route's context with the caller as `api`.
 *
 * @group Protected API
 */
export type ApiRouteHandler<Context, R extends Request = Request> = (
  request: R,
  context: Context & {
    /** Who calls: `subject`, `clientId`, `scopes`, `roles`, `claims`, the `token` itself. */
    readonly api: ApiCaller;
  },
) => Response | Promise<Response>;

/** The catch-all route past the auth routes: the page a render sends the browser to when a store is down, else 404. */
const notAnAuthRoute: Continue = (carrier) => {
  const { pathname } = new URL(carrier.request.url);
  if (pathname === `${carrier.basePath}${UNAVAILABLE}`) {
    const down = new IdentityWebError(
      ErrorCode.StoreUnavailable,
      'a page was sent here: a service it needed (a store, or the provider) was unreachable',
    );
    const answer = errorAnswer(carrier, down, false, { logged: true });
    if (answer !== null) return nextExchange.answer(carrier, notAnAuthRoute, answer);
  }
  const missing = new IdentityWebError(
    ErrorCode.NotFound,
    `${pathname} is not an identity-web route: the catch-all route belongs at app/auth/[...identity]/route.ts (the "basePath" option, /auth by default)`,
  );
  throw missing; // answered by the flow, as an error the app's route threw
};

/** The route-handler side of one instance: the flow made once, at the first request. */
export function routeHandlers(instance: () => AdaptedIdentityWeb) {
  let flow: ((carrier: Carrier, next: Continue) => Response | Promise<Response>) | undefined;
  let basePath = '';
  // Async: a failure (an instance that cannot be made, say) is a rejection, as the types say.
  const run = async (request: Request, next: Continue) => {
    refuseNextBasePath(request);
    if (flow === undefined) {
      const adapted = instance();
      flow = requestFlow(adapted, nextExchange);
      basePath = adapted.http.basePath; // a setting, read: where the catch-all route lives
    }
    return flow({ request, basePath }, next);
  };
  const authRoute = (request: Request) => run(request, notAnAuthRoute);
  return {
    handlers: catchAllRoute(authRoute, (event, message) => instance().http.warn(event, message)),
    withAuth<Context, R extends Request = Request>(
      handler: AuthRouteHandler<Context, AuthContext, R>,
    ): RouteHandler<Context, R> {
      return (request, context) => run(request, (_carrier, auth) => handler(request, { ...context, auth }));
    },
    withRequiredAuth<Context, R extends Request = Request>(
      handler: AuthRouteHandler<Context, SignedInAuthContext, R>,
      options?: RequireAuthOptions,
    ): RouteHandler<Context, R> {
      const guard = requireAuthFlow(options, 'nextIdentityWeb()', nextExchange);
      const signedIn = handler as AuthRouteHandler<Context, AuthContext, R>;
      return (request, context) =>
        run(request, (carrier, auth) =>
          guard(carrier, (_carrier, signedInAuth) => signedIn(request, { ...context, auth: signedInAuth }), auth),
        );
    },
  };
}
